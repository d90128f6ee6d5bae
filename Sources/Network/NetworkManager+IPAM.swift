import Foundation

extension NetworkManager {
    /// Builds the record of a new network: IPAM blocks from the request or the pool, checked
    /// against every berth network and every subnet routed on the host.
    func makeRecord(_ request: NetworkCreateRequest, mtu: Int, state: NetworkState, routed: [Subnet])
        throws(NetworkError)
        -> NetworkRecord
    {
        let name = request.name
        let ours = state.networks.values.flatMap { $0.ipam.map(\.subnet) }
        let bridges = Set(state.networks.values.map(\.bridge))
        var blocks: [IPAM] = []
        for block in request.ipam {
            let ipam = try parse(block, network: name)
            if let clash = (ours + routed).first(where: { $0.overlaps(ipam.subnet) }) {
                throw NetworkError(
                    .conflict, "network \"\(name)\": subnet \(ipam.subnet) overlaps \(clash), which is already in use")
            }
            if blocks.contains(where: { $0.subnet.family == ipam.subnet.family }) {
                throw NetworkError(
                    .invalidArgument, "network \"\(name)\": only one subnet per address family is supported")
            }
            if ipam.subnet.family == .v6 && !request.enableIPv6 {
                throw NetworkError(
                    .invalidArgument, "network \"\(name)\": IPv6 subnet \(ipam.subnet) needs enable_ipv6")
            }
            blocks.append(ipam)
        }
        if !blocks.contains(where: { $0.subnet.family == .v4 }) {
            guard let subnet = AddressPool.allocate(from: options.pools, avoiding: ours + routed) else {
                throw NetworkError(.exhausted, "network \"\(name)\": no free subnet left in the address pools")
            }
            blocks.insert(try IPAM(network: name, subnet: subnet, range: nil, gateway: nil), at: 0)
        }
        if request.enableIPv6 && !blocks.contains(where: { $0.subnet.family == .v6 }) {
            throw NetworkError(
                .invalidArgument,
                "network \"\(name)\": enable_ipv6 needs an IPv6 subnet (there is no default IPv6 pool)")
        }
        let id = Self.randomHex(64)
        let bridge = request.options[BridgeOption.name] ?? String((options.bridgePrefix + id).prefix(15))
        guard bridge.utf8.count <= 15, !bridge.isEmpty, !bridges.contains(bridge) else {
            throw NetworkError(
                .invalidArgument, "network \"\(name)\": bridge name \(bridge) is taken or longer than 15 characters")
        }
        return NetworkRecord(
            id: id, name: name, driver: request.driver, bridge: bridge, created: Date(),
            ipam: blocks.sorted { $0.subnet.family == .v4 && $1.subnet.family == .v6 },
            isInternal: request.isInternal, isAttachable: request.isAttachable, enableIPv6: request.enableIPv6,
            labels: request.labels, options: request.options, mtu: mtu, endpoints: [:])
    }

    private func parse(_ block: NetworkCreateRequest.IPAMBlock, network: String) throws(NetworkError) -> IPAM {
        let field = "network \"\(network)\":"
        guard let subnetText = block.subnet else {
            throw NetworkError(.invalidArgument, "\(field) a gateway or ip_range needs a subnet")
        }
        let subnet = try Subnet(parsing: subnetText, field: "\(field) subnet")
        let range = try block.ipRange.map { (text) throws(NetworkError) in
            try Subnet(parsing: text, field: "\(field) ip_range")
        }
        var gateway: IPAddress?
        if let text = block.gateway {
            guard let address = IPAddress(text) else {
                throw NetworkError(.invalidArgument, "\(field) gateway \(text): not an IP address")
            }
            gateway = address
        }
        return try IPAM(network: network, subnet: subnet, range: range, gateway: gateway)
    }
}
