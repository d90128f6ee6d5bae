import BerthNetwork
import EngineAPI
import Foundation

/// The daemon's `NetworkHooks`: a container's netns, endpoints on its networks (the default
/// `bridge` network when none is named), published ports, and its /etc files.
struct NetworkAttachments: NetworkHooks {
    let manager: NetworkManager

    /// The network containers join when they name none, made on first use as dockerd has it.
    static let defaultNetwork = "bridge"

    func attach(_ request: NetworkAttachRequest) throws -> NetworkAttachment {
        let names = try networkNames(request)
        do {
            let namespace = try manager.createNamespace(containerID: request.containerID)
            var settings = NetworkSettings()
            settings.sandboxKey = namespace
            settings.networks = [:]
            for name in names {
                let wanted =
                    request.endpoints[name] ?? (name == Self.defaultNetwork ? request.endpoints["default"] : nil)
                let endpoint = try manager.connect(
                    containerID: request.containerID, containerName: request.containerName, namespacePath: namespace,
                    network: name, aliases: wanted?.aliases ?? [],
                    ipv4Address: nonEmpty(wanted?.ipamConfig?.ipv4Address), macAddress: nonEmpty(wanted?.macAddress),
                    hostname: request.hostname)
                settings.networks?[endpoint.networkName] = Self.settings(endpoint, requested: wanted)
                if endpoint.networkName == Self.defaultNetwork { Self.copyPrimary(endpoint, into: &settings) }
            }
            settings.ports = try publish(request)
            return NetworkAttachment(
                namespacePath: namespace, resolvConf: resolvConf(request),
                hosts: hosts(request), settings: settings)
        } catch {
            release(containerID: request.containerID)
            throw Self.apiError(error)
        }
    }

    func release(containerID: String) {
        try? manager.removeContainer(containerID: containerID)
    }

    private func networkNames(_ request: NetworkAttachRequest) throws -> [String] {
        let mode = request.networkMode == "default" ? Self.defaultNetwork : request.networkMode
        // The docker CLI names the default network "default" in EndpointsConfig.
        var names = request.endpoints.keys.map { $0 == "default" ? Self.defaultNetwork : $0 }.sorted()
        if !["", "default", "bridge"].contains(mode) {
            names.removeAll { $0 == mode }
            names.insert(mode, at: 0)
        }
        if names.isEmpty { names = [Self.defaultNetwork] }
        if names.contains(Self.defaultNetwork) { ensureDefaultNetwork() }
        return names
    }

    /// Makes the default network when it is missing; a concurrent maker winning the race is fine,
    /// and any other failure shows when the container connects to it.
    private func ensureDefaultNetwork() {
        let exists: Bool = (try? manager.inspect(Self.defaultNetwork)) != nil
        if !exists { _ = try? manager.create(BerthNetwork.NetworkCreateRequest(name: Self.defaultNetwork)) }
    }

    /// `{"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]}` as published ports; exposed
    /// ports without bindings are listed with no binding, as inspect shows them.
    private func publish(_ request: NetworkAttachRequest) throws -> [String: [EngineAPI.PortBinding]?] {
        var bindings: [BerthNetwork.PortBinding] = []
        for (key, hostBindings) in request.portBindings.sorted(by: { $0.key < $1.key }) {
            for binding in hostBindings {
                var host = binding.hostIP ?? ""
                if host.contains(":") { host = "[\(host)]" }
                let spec = (host.isEmpty ? "" : host + ":") + (binding.hostPort ?? "") + ":" + key
                bindings.append(
                    try BerthNetwork.PortBinding(parsing: host.isEmpty && (binding.hostPort ?? "").isEmpty ? key : spec)
                )
            }
        }
        var ports: [String: [EngineAPI.PortBinding]?] = [:]
        for key in request.exposedPorts { ports[key] = .some(nil) }
        guard !bindings.isEmpty else { return ports }
        for published in try manager.publish(containerID: request.containerID, bindings: bindings) {
            let key = "\(published.containerPort)/\(published.proto.rawValue)"
            var list = (ports[key] ?? nil) ?? []
            list.append(
                EngineAPI.PortBinding(hostIP: published.hostIP.description, hostPort: String(published.hostPort)))
            ports[key] = list
        }
        return ports
    }

    private func resolvConf(_ request: NetworkAttachRequest) -> String {
        guard !request.dns.isEmpty else {
            let base = manager.resolvConf(for: request.containerID)
            guard !request.dnsSearch.isEmpty else { return base }
            return base + "search " + request.dnsSearch.joined(separator: " ") + "\n"
        }
        var lines = request.dns.map { "nameserver \($0)" }
        if !request.dnsSearch.isEmpty { lines.append("search " + request.dnsSearch.joined(separator: " ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func hosts(_ request: NetworkAttachRequest) -> String {
        var text = manager.hostsFile(for: request.containerID, hostname: request.hostname)
        for entry in request.extraHosts {
            let parts = entry.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { text += "\(parts[1])\t\(parts[0])\n" }
        }
        return text
    }

    /// Inspect's view of one endpoint: what was asked for, with the addresses the network gave.
    static func settings(_ endpoint: Endpoint, requested: EndpointSettings?) -> EndpointSettings {
        var settings = requested ?? EndpointSettings()
        settings.networkID = endpoint.networkID
        settings.endpointID = endpoint.containerID.prefix(12) + "-" + endpoint.networkID.prefix(12)
        settings.ipAddress = endpoint.ipv4Address?.description ?? ""
        settings.ipPrefixLen = endpoint.ipv4Prefix
        settings.gateway = endpoint.gateway?.description ?? ""
        settings.macAddress = endpoint.macAddress
        settings.aliases = endpoint.aliases
        settings.dnsNames = [endpoint.containerName, String(endpoint.containerID.prefix(12))] + endpoint.aliases
        return settings
    }

    private static func copyPrimary(_ endpoint: Endpoint, into settings: inout NetworkSettings) {
        settings.ipAddress = endpoint.ipv4Address?.description
        settings.ipPrefixLen = endpoint.ipv4Prefix
        settings.gateway = endpoint.gateway?.description
        settings.macAddress = endpoint.macAddress
        settings.bridge = ""
    }

    static func apiError(_ error: any Error) -> any Error {
        guard let error = error as? NetworkError else { return error }
        switch error.code {
        case .notFound: return APIError.notFound(error.description)
        case .conflict: return APIError.conflict(error.description)
        case .invalidArgument, .exhausted: return APIError.badRequest(error.description)
        default: return APIError.server(error.description)
        }
    }
}

/// Clients send empty strings for unset fields; the network code wants nil.
private func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
}
