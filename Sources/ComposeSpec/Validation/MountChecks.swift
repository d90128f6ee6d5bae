/// Checks of one service's mounts and watch rules: bind mounts need a source, no two mounts share a
/// target, and watch rules other than rebuild need a target.
struct MountChecks {
    let service: YAMLNode
    let path: String

    func run() -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        var targets: [String: String] = [:]
        for (index, tmpfs) in (service["tmpfs"]?.items ?? []).enumerated() {
            guard let text = tmpfs.scalar else { continue }
            let target = String(text.split(separator: ":", maxSplits: 1).first ?? "")
            targets[target] = targets[target] ?? "\(path).tmpfs[\(index)]"
        }
        for (index, volume) in (service["volumes"]?.items ?? []).enumerated() {
            let itemPath = "\(path).volumes[\(index)]"
            if volume["type"]?.scalar == "bind" && (volume["source"]?.scalar ?? "").isEmpty {
                diagnostics.append(
                    SpecDiagnostic(
                        .missingKey, "invalid mount config for type \"bind\": field Source must not be empty",
                        at: volume.location, path: itemPath))
            }
            guard let target = volume["target"]?.scalar else { continue }
            if let first = targets[target] {
                diagnostics.append(
                    SpecDiagnostic(
                        .conflict, "target \(target) already mounted as \(first)", at: volume.location, path: itemPath))
            } else {
                targets[target] = itemPath
            }
        }
        for (index, rule) in (service["develop"]?["watch"]?.items ?? []).enumerated() {
            let action = rule["action"]?.scalar ?? ""
            if action != "rebuild" && action != "restart" && rule["target"] == nil {
                diagnostics.append(
                    SpecDiagnostic(
                        .missingKey, "target is required for non-rebuild actions", at: rule.location,
                        path: "\(path).develop.watch[\(index)]"))
            }
        }
        return diagnostics
    }
}
