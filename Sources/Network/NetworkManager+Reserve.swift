extension NetworkManager {
    /// Reserves the endpoint in `state`: addresses, interface names, MAC. Pure state work, run
    /// under the manager's lock.
    func reserve(
        in state: inout NetworkState, containerID: String, containerName: String, namespacePath: String,
        network: String, aliases: [String], address: IPAddress?, hostname: String?, mac: [UInt8]?
    ) throws(NetworkError) -> (NetworkRecord, Endpoint) {
        guard var record = state.network(network) else { throw NetworkError(.notFound, "network \(network) not found") }
        guard record.endpoints[containerID] == nil else {
            throw NetworkError(.conflict, "container \(containerName) is already connected to network \(record.name)")
        }
        let others = state.networks.values.compactMap { $0.endpoints[containerID] }
        let used = Set(others.map(\.interfaceName))
        let interface = (0...).lazy.map { "eth\($0)" }.first { !used.contains($0) } ?? "eth0"
        var v4: IPAddress?
        var v6: IPAddress?
        for index in record.ipam.indices {
            let family = record.ipam[index].subnet.family
            let wanted = family == .v4 ? address : nil
            let given = try record.ipam[index].allocate(wanted, owner: containerID, network: record.name)
            if family == .v4 { v4 = given } else { v6 = given }
        }
        if let address, v4 == nil {
            throw NetworkError(.invalidArgument, "network \(record.name): has no IPv4 subnet for \(address)")
        }
        let macBytes = mac ?? Self.mac(for: v4)
        let endpoint = Endpoint(
            containerID: containerID, containerName: containerName, networkID: record.id, networkName: record.name,
            interfaceName: interface, hostInterface: String((options.vethPrefix + Self.randomHex(12)).prefix(15)),
            namespacePath: namespacePath, macAddress: Self.formatMAC(macBytes), ipv4Address: v4,
            ipv4Prefix: record.ipv4?.subnet.prefixLength ?? 0, ipv6Address: v6,
            ipv6Prefix: record.ipv6?.subnet.prefixLength ?? 0, gateway: record.ipv4?.gateway,
            aliases: aliases, hostname: hostname,
            isDefaultRoute: !record.isInternal && !others.contains { $0.isDefaultRoute })
        record.endpoints[containerID] = endpoint
        state.networks[record.id] = record
        return (record, endpoint)
    }

    /// Docker's MAC scheme: 02:42 and the IPv4 address, or random (locally administered) bytes.
    static func mac(for address: IPAddress?) -> [UInt8] {
        if let address { return [0x02, 0x42] + address.bytes }
        var generator = SystemRandomNumberGenerator()
        return [0x02] + (0..<5).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func formatMAC(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: ":")
    }

    static func macBytes(_ text: String) -> [UInt8] {
        text.split(separator: ":").compactMap { UInt8($0, radix: 16) }
    }

    static func parseMAC(_ text: String, container: String) throws(NetworkError) -> [UInt8] {
        let bytes = macBytes(text)
        guard bytes.count == 6, text.split(separator: ":").count == 6, let first = bytes.first, first & 1 == 0 else {
            throw NetworkError(
                .invalidArgument, "container \(container): mac_address \(text) is not a unicast MAC address")
        }
        return bytes
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
