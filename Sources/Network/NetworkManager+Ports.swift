#if canImport(Glibc)
    import Glibc
#endif

extension NetworkManager {
    /// Publishes container ports on the host: each host port is reserved by binding a socket to
    /// it (so a port in use is refused, and nobody else takes it while published), then iptables
    /// DNATs it to the container's address on its first non-internal network, from outside and
    /// from the host itself (127.0.0.1 included). On failure nothing is left.
    package func publish(containerID: String, bindings: [PortBinding]) throws(NetworkError) -> [PublishedPort] {
        guard
            let endpoint = endpoints(containerID: containerID).first(where: { endpoint in
                endpoint.ipv4Address != nil && state.withLock { $0.networks[endpoint.networkID]?.isInternal == false }
            }), let containerIP = endpoint.ipv4Address, let record = try? inspect(endpoint.networkID)
        else {
            throw NetworkError(
                .invalidArgument, "container \(containerID): publishing ports needs a non-internal network")
        }
        var held: [PortReservation] = []
        var ports: [PublishedPort] = []
        do throws(NetworkError) {
            for binding in bindings {
                let made = try reserve(
                    binding, containerIP: containerIP, networkID: record.id, container: endpoint.containerName)
                held += made.map { PortReservation(networkID: record.id, fd: $0.fd) }
                ports += made.map(\.port)
            }
            let rules = ports.flatMap { FirewallRules.port($0, bridge: record.bridge, chains: options.chains) }
            try firewall.add(rules)
            do throws(NetworkError) {
                try mutate { state throws(NetworkError) in
                    state.published[containerID, default: []] += ports
                    state.rules[containerID, default: []] += rules
                }
            } catch {
                try? firewall.delete(rules)
                throw error
            }
        } catch {
            held.forEach { close($0.fd) }
            throw error
        }
        reservations.withLock { $0[containerID, default: []] += held }
        return ports
    }

    /// Removes every published port of the container: rules and reservations.
    package func unpublish(containerID: String) throws(NetworkError) {
        let rules = state.withLock { $0.rules[containerID] } ?? []
        try firewall.delete(rules)
        try mutate { state throws(NetworkError) in
            state.rules[containerID] = nil
            state.published[containerID] = nil
        }
        reservations.withLock { $0.removeValue(forKey: containerID) }?.forEach { close($0.fd) }
    }

    /// Removes the container's ports published through `networkID` (it is being disconnected
    /// from that network): their rules and reservations; ports on other networks stay.
    package func unpublish(containerID: String, networkID: String) throws(NetworkError) {
        let ports = publishedPorts(containerID: containerID).filter { $0.networkID == networkID }
        guard !ports.isEmpty else { return }
        let bridge = state.withLock { $0.networks[networkID]?.bridge }
        let rules =
            bridge.map { bridge in
                Set(ports.flatMap { FirewallRules.port($0, bridge: bridge, chains: options.chains) })
            } ?? []
        try firewall.delete(Array(rules))
        try mutate { state throws(NetworkError) in
            state.rules[containerID]?.removeAll { rules.contains($0) }
            state.published[containerID]?.removeAll { $0.networkID == networkID }
            if state.published[containerID]?.isEmpty == true {
                state.published[containerID] = nil
                state.rules[containerID] = nil
            }
        }
        let closing = reservations.withLock { all -> [PortReservation] in
            let (gone, kept) = (all[containerID] ?? []).partitioned { $0.networkID == networkID }
            all[containerID] = kept.isEmpty ? nil : kept
            return gone
        }
        closing.forEach { close($0.fd) }
    }

    /// The published ports of a container.
    package func publishedPorts(containerID: String) -> [PublishedPort] {
        state.withLock { $0.published[containerID] } ?? []
    }

    /// Picks and reserves the host ports of one binding.
    private func reserve(_ binding: PortBinding, containerIP: IPAddress, networkID: String, container: String)
        throws(NetworkError) -> [(fd: Int32, port: PublishedPort)]
    {
        let hostIP = binding.hostIP ?? IPAddress(family: .v4, value: 0)
        guard hostIP.family == .v4 else {
            throw NetworkError(
                .invalidArgument, "container \(container): IPv6 host address \(hostIP) is not supported yet")
        }
        var made: [(fd: Int32, port: PublishedPort)] = []
        do {
            for (offset, containerPort) in binding.containerPorts.enumerated() {
                let candidates: [UInt16]
                if let hostPorts = binding.hostPorts {
                    candidates =
                        binding.containerPorts.count > 1 ? [hostPorts.lowerBound + UInt16(offset)] : Array(hostPorts)
                } else {
                    candidates = [0]
                }
                let fd = try bindFirst(candidates, hostIP: hostIP, proto: binding.proto, container: container)
                let port = PublishedPort(
                    proto: binding.proto, hostIP: hostIP, hostPort: InetSocket.localPort(fd), containerIP: containerIP,
                    containerPort: containerPort, networkID: networkID)
                made.append((fd, port))
            }
        } catch {
            made.forEach { close($0.fd) }
            throw error
        }
        return made
    }

    private func bindFirst(_ candidates: [UInt16], hostIP: IPAddress, proto: PortProtocol, container: String)
        throws(NetworkError) -> Int32
    {
        let type = proto == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        for port in candidates {
            if let fd = try? InetSocket.bound(type: type, address: hostIP, port: port, what: "publish") { return fd }
        }
        let wanted = candidates.count == 1 ? "\(candidates[0])" : "\(candidates[0])-\(candidates[candidates.count - 1])"
        throw NetworkError(
            .conflict, "container \(container): host port \(hostIP):\(wanted)/\(proto.rawValue) is already in use")
    }
}

/// A socket that holds a published host port, and the network the port forwards into.
struct PortReservation: Sendable {
    /// The network whose container address the port is forwarded to.
    var networkID: String
    /// The bound socket.
    var fd: Int32
}

extension Array {
    /// The elements for which `belongs` holds, and the others, each in order.
    fileprivate func partitioned(_ belongs: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if belongs(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
