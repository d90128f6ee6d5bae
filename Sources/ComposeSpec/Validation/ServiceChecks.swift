/// The consistency checks of one service: references to services, networks, volumes, configs and
/// secrets; mutually exclusive attributes; mount targets.
struct ServiceChecks {
    let name: String
    let keyLocation: SourceLocation
    let service: YAMLNode
    /// The names each top-level section defines (`services`, `networks`, ...), looked up per reference.
    let defined: [String: Set<String>]
    let disabledServices: Set<String>

    private var path: String { "services.\(name)" }

    func run() -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        if service["image"] == nil && service["build"] == nil {
            diagnostics.append(
                SpecDiagnostic(
                    .missingKey, "service \"\(name)\" has neither an image nor a build context specified",
                    at: keyLocation, path: path))
        }
        diagnostics += dependencies()
        diagnostics += networks()
        diagnostics += references("volumes", section: "volumes", noun: "volume") { volume in
            volume["type"]?.scalar == "volume" ? volume["source"]?.scalar : nil
        }
        diagnostics += references("secrets", section: "secrets", noun: "secret") { $0["source"]?.scalar }
        diagnostics += references("configs", section: "configs", noun: "config") { $0["source"]?.scalar }
        diagnostics += MountChecks(service: service, path: path).run()
        diagnostics += scale()
        diagnostics += deviceRequests()
        diagnostics += LimitChecks(service: service, path: path).run()
        diagnostics += AddressChecks.service(service, path: path)
        return diagnostics
    }

    /// `deploy.resources.reservations.devices`: `count` is `all` or a number, and excludes `device_ids`.
    private func deviceRequests() -> [SpecDiagnostic] {
        let devices = service["deploy"]?["resources"]?["reservations"]?["devices"]?.items ?? []
        var diagnostics: [SpecDiagnostic] = []
        for (index, device) in devices.enumerated() {
            let itemPath = "\(path).deploy.resources.reservations.devices[\(index)]"
            if let count = device["count"], let text = count.scalar, text != "all", Int(text) == nil {
                diagnostics.append(
                    SpecDiagnostic(
                        .invalidValue, "invalid value \"\(text)\", the only value allowed is 'all' or a number",
                        at: count.location, path: "\(itemPath).count"))
            }
            if let count = device.entry("count"), device["device_ids"] != nil {
                diagnostics.append(
                    SpecDiagnostic(
                        .conflict, "\"count\" and \"device_ids\" attributes are exclusive", at: count.keyLocation,
                        path: itemPath))
            }
        }
        return diagnostics
    }

    private func isDefined(_ service: String) -> Bool {
        defined["services"]?.contains(service) ?? false
    }

    private func dependencies() -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        var reported = Set<String>()
        for (target, attribute) in ServiceGraph.implicitDependencies(of: service) where !isDefined(target) {
            guard reported.insert(target).inserted else { continue }
            let node = service[attribute] ?? service
            diagnostics.append(
                SpecDiagnostic(
                    .undefinedReference,
                    "service \"\(name)\" depends on undefined service \"\(target)\" (through \(attribute))",
                    at: node.location, path: "\(path).\(attribute)"))
        }
        for entry in service["depends_on"]?.entries ?? [] where !isDefined(entry.key) && !reported.contains(entry.key) {
            let required = entry.value["required"]?.boolValue ?? true
            if disabledServices.contains(entry.key) && !required { continue }
            let reason =
                disabledServices.contains(entry.key)
                ? "service \"\(name)\" depends on service \"\(entry.key)\", which is disabled by its profiles "
                    + "(enable one with --profile, or mark the dependency `required: false`)"
                : "service \"\(name)\" depends on undefined service \"\(entry.key)\""
            diagnostics.append(
                SpecDiagnostic(
                    .undefinedReference, reason, at: entry.keyLocation, path: "\(path).depends_on.\(entry.key)"))
        }
        return diagnostics
    }

    private func networks() -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        if let mode = service.entry("network_mode"), service["networks"] != nil {
            diagnostics.append(
                SpecDiagnostic(
                    .conflict, "service \(name) declares mutually exclusive `network_mode` and `networks`",
                    at: mode.keyLocation, path: "\(path).network_mode"))
        }
        for entry in service["networks"]?.entries ?? [] {
            let networks = defined["networks"] ?? []
            if entry.key == "default" && !networks.contains("default") { continue }
            if !networks.contains(entry.key) {
                diagnostics.append(
                    SpecDiagnostic(
                        .undefinedReference, "service \"\(name)\" refers to undefined network \(entry.key)",
                        at: entry.keyLocation, path: "\(path).networks.\(entry.key)"))
            }
        }
        return diagnostics
    }

    private func references(
        _ attribute: String, section: String, noun: String, target: (YAMLNode) -> String?
    ) -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        for (index, item) in (service[attribute]?.items ?? []).enumerated() {
            guard let reference = target(item), !(defined[section]?.contains(reference) ?? false) else { continue }
            diagnostics.append(
                SpecDiagnostic(
                    .undefinedReference, "service \"\(name)\" refers to undefined \(noun) \(reference)",
                    at: item.location, path: "\(path).\(attribute)[\(index)]"))
        }
        return diagnostics
    }

    private func scale() -> [SpecDiagnostic] {
        let scale = service["scale"]?.scalar.flatMap { Int($0) }
        let replicas = service["deploy"]?["replicas"]?.scalar.flatMap { Int($0) }
        var diagnostics: [SpecDiagnostic] = []
        for (value, node, key) in [
            (scale, service["scale"], "scale"), (replicas, service["deploy"]?["replicas"], "deploy.replicas"),
        ] {
            if let value, value < 0, let node {
                diagnostics.append(
                    SpecDiagnostic(
                        .invalidValue, "must be greater than or equal to 0", at: node.location, path: "\(path).\(key)"))
            }
        }
        if let scale, let replicas, scale != replicas {
            diagnostics.append(
                SpecDiagnostic(
                    .conflict, "can't set distinct values on 'scale' (\(scale)) and 'deploy.replicas' (\(replicas))",
                    at: service["scale"]?.location ?? keyLocation, path: "\(path).scale"))
        }
        if let container = service["container_name"], (scale ?? replicas ?? 1) > 1 {
            diagnostics.append(
                SpecDiagnostic(
                    .conflict,
                    "service \"\(name)\" sets container_name and has \((scale ?? replicas) ?? 1) replicas; a container "
                        + "name must be unique, so remove container_name or scale to 1",
                    at: container.location, path: "\(path).container_name"))
        }
        return diagnostics
    }
}
