import Engine
import EngineAPI
import Foundation
import JSONCore

/// What the daemon keeps beside the engine's record of a container (`daemon.json` in its folder):
/// the create request as the client sent it (inspect echoes its Config and HostConfig), the
/// anonymous volumes it made, and the namespaces to join at start.
struct ContainerExtras: Codable, Sendable {
    var request: ContainerCreateRequest
    var anonymousVolumes: [String] = []
    var joins: [NamespaceModes.Join] = []
    /// The network settings of the running container (addresses, ports), for inspect.
    var networkSettings: NetworkSettings?

    static func path(in folder: String) -> String { folder + "/daemon.json" }

    static func load(from folder: String) -> ContainerExtras? {
        try? cache.value(at: path(in: folder)) { try JSONDecoder().decode(ContainerExtras.self, from: $0) }
    }

    /// Decoded files, re-read when one changes (listing containers reads one per container).
    private static let cache = DecodedFileCache<ContainerExtras>()

    /// Without fsync for an ephemeral (AutoRemove) container: see `ContainerSpec.ephemeral`.
    func save(in folder: String) throws {
        let durable = request.hostConfig?.autoRemove != true
        let path = Self.path(in: folder)
        try AtomicFile.write(Data(try JSONBytesEncoder().encode(self)), to: path, durable: durable)
        // The start reads it next: from memory (decoding it took 0.2 ms).
        Self.cache.keep(self, at: path)
    }
}

/// What the network side does for a container around its life (implemented by the network
/// manager): make its netns and attach it before start, release everything at stop.
package protocol NetworkHooks: Sendable {
    /// Makes the container's network namespace, attaches it to its networks and publishes its
    /// ports; returns the netns file to join, the /etc files' contents and inspect's settings.
    func attach(_ request: NetworkAttachRequest) throws -> NetworkAttachment
    /// Removes the container's endpoints, rules and namespace (nothing is left when it fails).
    func release(containerID: String)
}

/// The container facts the network side needs.
package struct NetworkAttachRequest: Sendable {
    package var containerID: String
    package var containerName: String
    package var hostname: String
    /// `bridge`, `default` or a network name (`none`, `host` and `container:` never get here).
    package var networkMode: String
    package var endpoints: [String: EndpointSettings]
    package var portBindings: [String: [PortBinding]]
    package var publishAll: Bool
    package var exposedPorts: [String]
    package var dns: [String]
    package var dnsSearch: [String]
    package var extraHosts: [String]
}

/// The network side's answer to `attach`.
package struct NetworkAttachment: Sendable {
    package var namespacePath: String
    package var resolvConf: String
    package var hosts: String
    package var settings: NetworkSettings

    /// Makes an attachment.
    package init(namespacePath: String, resolvConf: String, hosts: String, settings: NetworkSettings) {
        self.namespacePath = namespacePath
        self.resolvConf = resolvConf
        self.hosts = hosts
        self.settings = settings
    }
}

extension ContainerService {
    /// Changes the networks a container that does not run joins at its next start (connect and
    /// disconnect before start, as docker-compose 1.x does for every new container).
    func updateEndpoints(_ id: String, _ change: (inout [String: EndpointSettings]) -> Void) throws {
        let folder = store.directory(id)
        guard var extras = ContainerExtras.load(from: folder) else {
            throw APIError.conflict("container \(id): it was not created by this daemon; connect it while it runs")
        }
        var networking = extras.request.networkingConfig ?? NetworkingConfig()
        var endpoints = networking.endpointsConfig ?? [:]
        change(&endpoints)
        networking.endpointsConfig = endpoints
        extras.request.networkingConfig = networking
        try extras.save(in: folder)
    }

    /// Records a network joined or left while the container runs: inspect shows it at once, and the
    /// create request keeps it for the next start (as dockerd does). `settings` nil means it left.
    func recordNetwork(_ id: String, name: String, requested: EndpointSettings?, settings: EndpointSettings?) throws {
        let folder = store.directory(id)
        guard var extras = ContainerExtras.load(from: folder) else { return }
        var networking = extras.request.networkingConfig ?? NetworkingConfig()
        var endpoints = networking.endpointsConfig ?? [:]
        endpoints[name] = settings == nil ? nil : (requested ?? EndpointSettings())
        networking.endpointsConfig = endpoints
        extras.request.networkingConfig = networking
        var current = extras.networkSettings ?? NetworkSettings()
        var networks = current.networks ?? [:]
        networks[name] = settings
        current.networks = networks
        extras.networkSettings = current
        try extras.save(in: folder)
    }
}
