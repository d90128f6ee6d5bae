/// Semantic checks on the merged, canonical project: every reference resolves, no dependency cycle,
/// no conflicting attributes. Collects every problem, each at the place it was written.
struct ConsistencyChecker {
    let document: YAMLNode
    let disabledServices: Set<String>

    func check() -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        let services = document["services"]?.entries ?? []
        var defined: [String: Set<String>] = [:]
        for section in ["services", "networks", "volumes", "configs", "secrets"] {
            defined[section] = Set(document[section]?.entries?.map(\.key) ?? [])
        }
        for entry in services {
            diagnostics += ServiceChecks(
                name: entry.key, keyLocation: entry.keyLocation, service: entry.value, defined: defined,
                disabledServices: disabledServices
            ).run()
        }
        if let cycle = ServiceGraph.cycle(in: services), let first = cycle.first,
            let entry = services.first(where: { $0.key == first })
        {
            diagnostics.append(
                SpecDiagnostic(
                    .cycle, "dependency cycle detected: " + cycle.joined(separator: " -> "),
                    at: entry.value["depends_on"]?.location ?? entry.keyLocation, path: "services.\(first).depends_on"))
        }
        diagnostics += containerNameClashes(services)
        diagnostics += ResourceChecks(document: document).run()
        diagnostics += AddressChecks.networks(document)
        return diagnostics
    }

    private func containerNameClashes(_ services: [YAMLNode.Entry]) -> [SpecDiagnostic] {
        var owners: [String: String] = [:]
        var diagnostics: [SpecDiagnostic] = []
        for entry in services {
            guard let node = entry.value["container_name"], let name = node.scalar else { continue }
            if let owner = owners[name] {
                diagnostics.append(
                    SpecDiagnostic(
                        .conflict, "container name \"\(name)\" is already in use by service \"\(owner)\"",
                        at: node.location, path: "services.\(entry.key).container_name"))
            } else {
                owners[name] = entry.key
            }
        }
        return diagnostics
    }
}
