import Foundation

/// Which services are enabled: those without profiles, those with an active profile (`--profile`,
/// COMPOSE_PROFILES, `*` for all), and those named on the command line together with what they depend on.
struct ProfileSelection {
    let active: Set<String>
    let selectedServices: [String]

    init(flags: [String], environment: String?, selectedServices: [String]) {
        let fromEnvironment = (environment ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        active = Set((flags + fromEnvironment).filter { !$0.isEmpty })
        self.selectedServices = selectedServices
    }

    /// The document without its disabled services, and the names of those services.
    func apply(to document: YAMLNode) -> (document: YAMLNode, disabled: Set<String>) {
        guard let services = document["services"]?.entries else { return (document, []) }
        var enabled = Set(services.filter { isEnabled($0.value) }.map(\.key))
        var pending = selectedServices.filter { name in services.contains { $0.key == name } }
        while let name = pending.popLast() {
            guard enabled.insert(name).inserted || selectedServices.contains(name) else { continue }
            guard let service = document["services"]?[name] else { continue }
            // A service asked for by name brings the services it needs, whatever their profiles.
            pending += ServiceGraph.dependencies(of: service).filter { !enabled.contains($0) }
        }
        var result = document
        var kept = document["services"] ?? document
        kept.kind = .mapping(services.filter { enabled.contains($0.key) })
        result["services"] = kept
        return (result, Set(services.map(\.key)).subtracting(enabled))
    }

    private func isEnabled(_ service: YAMLNode) -> Bool {
        let profiles = service["profiles"]?.items?.compactMap(\.scalar) ?? []
        if profiles.isEmpty || active.contains("*") { return true }
        return profiles.contains { active.contains($0) }
    }
}
