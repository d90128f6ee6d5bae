import Foundation

extension NetworkManager {
    /// Creates a bridge network: validates the request, allocates a subnet when none is given
    /// (avoiding every subnet routed on the host and every berth network), makes the bridge with
    /// its gateway address, adds the firewall rules and starts the network's DNS server. On any
    /// failure nothing is left behind.
    package func create(_ request: NetworkCreateRequest) throws(NetworkError) -> NetworkRecord {
        try Self.validate(name: request.name)
        guard request.driver == "bridge" else {
            throw NetworkError(
                .invalidArgument, "network \"\(request.name)\": driver \(request.driver) is not supported (only bridge)"
            )
        }
        let mtu = try mtu(for: request)
        let routed = HostNetwork.routedSubnets()
        let record = try mutate { state throws(NetworkError) in
            if state.networks.values.contains(where: { $0.name == request.name }) {
                throw NetworkError(.conflict, "network with name \(request.name) already exists")
            }
            let record = try makeRecord(request, mtu: mtu, state: state, routed: routed)
            state.networks[record.id] = record
            return record
        }
        do {
            try build(record)
        } catch {
            teardown(record)
            _ = try? mutate { state throws(NetworkError) in state.networks[record.id] = nil }
            throw error
        }
        return record
    }

    /// Makes the bridge, the firewall rules and the DNS server of `record`.
    func build(_ record: NetworkRecord) throws(NetworkError) {
        let netlink = try RouteNetlink()
        try netlink.createBridge(name: record.bridge, mtu: record.mtu)
        guard let index = try netlink.linkIndex(name: record.bridge) else {
            throw NetworkError(.notFound, "network \"\(record.name)\": bridge \(record.bridge) vanished")
        }
        for block in record.ipam {
            try netlink.addAddress(block.gateway, prefix: block.subnet.prefixLength, index: index, name: record.bridge)
        }
        if !record.isInternal {
            // Published ports are reached from 127.0.0.1: let such packets be routed to the bridge.
            try Self.writeSysctl("/proc/sys/net/ipv4/conf/\(record.bridge)/route_localnet", "1")
            if options.enableIPForward { try Self.writeSysctl("/proc/sys/net/ipv4/ip_forward", "1") }
        }
        let rules = FirewallRules.network(record, chains: options.chains)
        try firewall.add(rules)
        try mutate { state throws(NetworkError) in state.rules[record.id] = rules }
        try startDNS(for: record)
    }

    /// Undoes `build` as far as it got; errors are ignored (best effort on a failure path).
    func teardown(_ record: NetworkRecord) {
        if let server = dnsServers.withLock({ $0.removeValue(forKey: record.id) }) { server.stop() }
        let rules = state.withLock { $0.rules[record.id] } ?? FirewallRules.network(record, chains: options.chains)
        try? firewall.delete(rules)
        _ = try? mutate { state throws(NetworkError) in state.rules[record.id] = nil }
        if let netlink = try? RouteNetlink() { _ = try? netlink.deleteLink(name: record.bridge) }
    }

    /// Starts (or restarts) the DNS server on the network's IPv4 gateway.
    func startDNS(for record: NetworkRecord) throws(NetworkError) {
        guard let gateway = record.ipv4?.gateway else { return }
        let upstreams =
            (try? String(contentsOfFile: options.hostResolvConf, encoding: .utf8))
            .map(HostNetwork.nameservers(resolvConf:)) ?? []
        let server = try DNSServer(
            address: gateway, port: options.dnsPort, zone: zone(of: record), upstreams: upstreams)
        if let old = dnsServers.withLock({ $0.updateValue(server, forKey: record.id) }) { old.stop() }
    }

    /// The DNS zone of `record`.
    func zone(of record: NetworkRecord) -> DNSZone {
        DNSZone(subnets: record.ipam.map(\.subnet), endpoints: Array(record.endpoints.values))
    }

    private func mtu(for request: NetworkCreateRequest) throws(NetworkError) -> Int {
        guard let text = request.options[BridgeOption.mtu] else { return options.mtu ?? HostNetwork.uplinkMTU() }
        guard let mtu = Int(text), (68...65535).contains(mtu) else {
            throw NetworkError(
                .invalidArgument, "network \"\(request.name)\": option \(BridgeOption.mtu)=\(text): must be 68-65535")
        }
        return mtu
    }

    static func validate(name: String) throws(NetworkError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard let first = name.first, first.isLetter || first.isNumber, name.allSatisfy({ allowed.contains($0) }) else {
            throw NetworkError(
                .invalidArgument,
                "network name \"\(name)\": must start with a letter or digit and hold only [a-zA-Z0-9_.-]")
        }
    }
}
