import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension NetworkManager {
    /// Attaches a container's namespace to `network`: a veth pair whose host end joins the
    /// bridge and whose other end is made inside the namespace as eth0, eth1, ... with its
    /// address, MAC and (on the container's first network) the default route. The address is
    /// reserved and persisted under the lock first, so concurrent connects never share one.
    package func connect(
        containerID: String, containerName: String, namespacePath: String, network: String, aliases: [String] = [],
        ipv4Address: String? = nil, macAddress: String? = nil, hostname: String? = nil
    ) throws(NetworkError) -> Endpoint {
        let requested = try ipv4Address.map { (text) throws(NetworkError) -> IPAddress in
            guard let address = IPAddress(text), address.family == .v4 else {
                throw NetworkError(
                    .invalidArgument, "container \(containerName): ipv4_address \(text) is not an IPv4 address")
            }
            return address
        }
        let mac = try macAddress.map { (text) throws(NetworkError) in try Self.parseMAC(text, container: containerName)
        }
        let (record, endpoint) = try mutate { state throws(NetworkError) in
            try reserve(
                in: &state, containerID: containerID, containerName: containerName, namespacePath: namespacePath,
                network: network, aliases: aliases, address: requested, hostname: hostname, mac: mac)
        }
        do {
            try plug(endpoint, record: record)
        } catch {
            if let netlink = try? RouteNetlink() { _ = try? netlink.deleteLink(name: endpoint.hostInterface) }
            _ = try? mutate { state throws(NetworkError) in
                state.networks[record.id]?.endpoints[containerID] = nil
                for index in state.networks[record.id]?.ipam.indices ?? [].indices {
                    state.networks[record.id]?.ipam[index].release(owner: containerID)
                }
            }
            throw error
        }
        refreshDNS(networkID: record.id)
        return endpoint
    }

    /// Detaches the container from `network`: removes the ports published through it, deletes
    /// the host veth end (its peer goes with it), frees the addresses and removes the names from DNS.
    package func disconnect(containerID: String, network: String) throws(NetworkError) {
        if let record = try? inspect(network) { try unpublish(containerID: containerID, networkID: record.id) }
        let endpoint = try mutate { state throws(NetworkError) -> Endpoint in
            guard let record = state.network(network) else {
                throw NetworkError(.notFound, "network \(network) not found")
            }
            guard let endpoint = record.endpoints[containerID] else {
                throw NetworkError(.notFound, "container \(containerID) is not connected to network \(record.name)")
            }
            state.networks[record.id]?.endpoints[containerID] = nil
            for index in record.ipam.indices { state.networks[record.id]?.ipam[index].release(owner: containerID) }
            return endpoint
        }
        refreshDNS(networkID: endpoint.networkID)
        try RouteNetlink().deleteLink(name: endpoint.hostInterface)
    }

    /// The container's endpoints, the default-route one first.
    package func endpoints(containerID: String) -> [Endpoint] {
        state.withLock { state in state.networks.values.compactMap { $0.endpoints[containerID] } }
            .sorted { ($0.isDefaultRoute ? 0 : 1, $0.interfaceName) < ($1.isDefaultRoute ? 0 : 1, $1.interfaceName) }
    }

    /// Serves the network's current endpoints in its DNS zone.
    func refreshDNS(networkID: String) {
        guard let record = state.withLock({ $0.networks[networkID] }) else { return }
        dnsServers.withLock { $0[networkID] }?.update(zone(of: record))
    }

    /// Creates the veth pair and configures the container's end.
    private func plug(_ endpoint: Endpoint, record: NetworkRecord) throws(NetworkError) {
        let host = try RouteNetlink()
        guard let bridgeIndex = try host.linkIndex(name: record.bridge) else {
            throw NetworkError(.notFound, "network \(record.name): bridge \(record.bridge) does not exist")
        }
        let path = endpoint.namespacePath
        let nsfd = open(path, O_RDONLY | O_CLOEXEC)
        guard nsfd >= 0 else {
            throw NetworkError(
                .notFound, "container \(endpoint.containerName): cannot open network namespace \(path)",
                cause: SystemCallError(call: "open", errno: errno, path: path))
        }
        defer { close(nsfd) }
        try host.createVeth(
            hostName: endpoint.hostInterface, peerName: endpoint.interfaceName, peerNetnsFD: nsfd,
            peerMAC: Self.macBytes(endpoint.macAddress), mtu: record.mtu, masterIndex: bridgeIndex)
        let inside = try RouteNetlink(netnsPath: path)
        guard let index = try inside.linkIndex(name: endpoint.interfaceName) else {
            throw NetworkError(.notFound, "container \(endpoint.containerName): \(endpoint.interfaceName) vanished")
        }
        try inside.setUp(index: index, name: endpoint.interfaceName)
        if let address = endpoint.ipv4Address {
            try inside.addAddress(address, prefix: endpoint.ipv4Prefix, index: index, name: endpoint.interfaceName)
        }
        if let address = endpoint.ipv6Address {
            try inside.addAddress(address, prefix: endpoint.ipv6Prefix, index: index, name: endpoint.interfaceName)
        }
        if endpoint.isDefaultRoute, let gateway = endpoint.gateway {
            try inside.addDefaultRoute(via: gateway, index: index, name: endpoint.interfaceName)
        }
    }
}
