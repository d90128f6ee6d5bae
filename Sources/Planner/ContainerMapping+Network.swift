import ComposeSpec
import EngineAPI

extension ContainerMapping {
    /// The network mode and the endpoints: `network_mode` as written (`service:NAME` resolved later), else
    /// the service's networks, the one with the highest priority (then the first by name) as the mode.
    func networkSettings(
        for service: Service, containerName: String, options: MappingOptions
    ) throws(PlannerError) -> (String?, NetworkingConfig?) {
        if let mode = service.networkMode { return (mode == "disabled" ? "none" : mode, nil) }
        let keys = Self.networksByPriority(of: service)
        guard !keys.isEmpty else { return (project.networks.isEmpty ? "none" : nil, nil) }
        var endpoints: [String: EndpointSettings] = [:]
        var primary: String?
        for key in keys {
            guard let network = project.networks[key] else {
                throw PlannerError(.invalidProject, "service \"\(service.name)\": network \"\(key)\" is not defined")
            }
            let name = network.name ?? "\(project.name)_\(key)"
            if primary == nil { primary = name }
            let settings = (service.networks?[key] ?? nil) ?? ServiceNetwork()
            endpoints[name] = endpoint(
                for: service, settings: settings, containerName: containerName, isPrimary: primary == name,
                options: options)
        }
        return (primary, NetworkingConfig(endpointsConfig: endpoints))
    }

    /// Network keys, highest `priority` first, then by name (compose-go's `NetworksByPriority`).
    static func networksByPriority(of service: Service) -> [String] {
        let networks = service.networks ?? [:]
        return networks.keys.sorted { left, right in
            let leftPriority = (networks[left] ?? nil)?.priority ?? 0
            let rightPriority = (networks[right] ?? nil)?.priority ?? 0
            return leftPriority != rightPriority ? leftPriority > rightPriority : left < right
        }
    }

    private func endpoint(
        for service: Service, settings: ServiceNetwork, containerName: String, isPrimary: Bool,
        options: MappingOptions
    ) -> EndpointSettings {
        var endpoint = EndpointSettings()
        var aliases = [containerName]
        if options.usesNetworkAliases { aliases += [service.name] + (settings.aliases ?? []) }
        var seen = Set<String>()
        endpoint.aliases = aliases.filter { seen.insert($0).inserted }
        if settings.ipv4Address != nil || settings.ipv6Address != nil || settings.linkLocalIPs != nil {
            endpoint.ipamConfig = EndpointIPAMConfig(
                ipv4Address: settings.ipv4Address, ipv6Address: settings.ipv6Address,
                linkLocalIPs: settings.linkLocalIPs)
        }
        endpoint.macAddress = settings.macAddress ?? (isPrimary ? service.macAddress : nil)
        var driverOptions = settings.driverOptions
        if let interface = settings.interfaceName {
            driverOptions = (driverOptions ?? [:]).merging(["com.docker.network.endpoint.ifname": interface]) { $1 }
        }
        endpoint.driverOpts = driverOptions
        return endpoint
    }
}
