/// Adds what Docker Compose adds before showing or running a project: the implicit `default` network,
/// dependencies implied by links and shared namespaces, resource names `<project>_<key>`, and build
/// defaults.
struct Normalizer {
    let projectName: String

    func normalize(_ document: YAMLNode, diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        var usesDefaultNetwork = false
        var result = document.updatingSection("services") { entry in
            let service = normalizeService(entry.value)
            if service["networks"]?.entry("default") != nil { usesDefaultNetwork = true }
            return service
        }
        if usesDefaultNetwork && result["networks"]?.entry("default") == nil {
            var networks = result["networks"] ?? .mapping([], at: document.location)
            networks["default"] = .mapping([], at: document.location)
            result["networks"] = networks
        }
        for section in ["networks", "volumes", "configs", "secrets"] {
            result = result.updatingSection(section) { withName($0.value, key: $0.key) }
        }
        return result
    }

    private func normalizeService(_ service: YAMLNode) -> YAMLNode {
        var service = service
        let location = service.location
        if service["network_mode"] == nil && service["networks"] == nil {
            service["networks"] = .mapping(
                [YAMLNode.Entry(key: "default", keyLocation: location, value: .null(at: location))], at: location)
        }
        var dependsOn = service["depends_on"] ?? .mapping([], at: location)
        for (name, _) in ServiceGraph.implicitDependencies(of: service) where dependsOn.entry(name) == nil {
            dependsOn[name] = .mapping(
                [
                    YAMLNode.Entry(
                        key: "condition", keyLocation: location, value: .scalar("service_started", at: location)),
                    YAMLNode.Entry(key: "restart", keyLocation: location, value: .scalar("true", at: location)),
                    YAMLNode.Entry(key: "required", keyLocation: location, value: .scalar("true", at: location)),
                ], at: location)
        }
        if !(dependsOn.entries ?? []).isEmpty { service["depends_on"] = dependsOn }
        if var build = service["build"], build.entries != nil {
            if build["dockerfile"] == nil && build["dockerfile_inline"] == nil {
                build["dockerfile"] = .scalar("Dockerfile", at: build.location)
            }
            service["build"] = build
        }
        return service
    }

    /// External resources are named by their key; the others are scoped to the project.
    private func withName(_ node: YAMLNode, key: String) -> YAMLNode {
        var node = node.isNull ? YAMLNode.mapping([], at: node.location) : node
        guard node["name"] == nil else { return node }
        let isExternal = node["external"]?.boolValue ?? false
        node["name"] = .scalar(isExternal ? key : "\(projectName)_\(key)", at: node.location)
        return node
    }
}
