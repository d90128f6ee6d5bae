/// Checks of the top-level networks, volumes, configs and secrets: external resources take no driver,
/// options or labels; configs and secrets say where their content comes from.
struct ResourceChecks {
    let document: YAMLNode

    func run() -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        for section in ["networks", "volumes", "configs", "secrets"] {
            for entry in document[section]?.entries ?? [] {
                diagnostics += externalConflicts(entry, section: section)
            }
        }
        for (section, noun, sources) in [
            ("secrets", "secret", ["file", "environment"]), ("configs", "config", ["file", "environment", "content"]),
        ] {
            for entry in document[section]?.entries ?? [] {
                let value = entry.value
                let isExternal = value["external"]?.boolValue ?? false
                guard !isExternal, !sources.contains(where: { value[$0] != nil }) else { continue }
                let choices = sources.map { "`\($0)`" }.joined(separator: " or ")
                diagnostics.append(
                    SpecDiagnostic(
                        .missingKey, "\(noun) \"\(entry.key)\" must declare either \(choices)",
                        at: entry.keyLocation, path: "\(section).\(entry.key)"))
            }
        }
        return diagnostics
    }

    private func externalConflicts(_ entry: YAMLNode.Entry, section: String) -> [SpecDiagnostic] {
        guard entry.value["external"]?.boolValue == true else { return [] }
        let forbidden = section == "networks" || section == "volumes" ? ["driver", "driver_opts", "labels"] : []
        return forbidden.compactMap { key in
            guard let conflicting = entry.value.entry(key) else { return nil }
            return SpecDiagnostic(
                .conflict, "conflicting parameters \"external\" and \"\(key)\" specified",
                at: conflicting.keyLocation, path: "\(section).\(entry.key)")
        }
    }
}
