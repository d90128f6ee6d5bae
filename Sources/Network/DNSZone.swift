/// The names one network answers for, built from its endpoints: container names, short IDs,
/// aliases (a compose service name is an alias shared by its replicas) and hostnames. Pure.
package struct DNSZone: Sendable, Equatable {
    /// Addresses by lower-cased name, in connection order.
    package private(set) var addresses: [String: [IPAddress]] = [:]
    /// Names by address, for PTR (the container name).
    package private(set) var pointers: [IPAddress: String] = [:]
    /// The network's subnets: only clients inside them are answered.
    package var subnets: [Subnet]

    /// A zone for a network with `subnets` and `endpoints` (sorted by container ID for a stable order).
    package init(subnets: [Subnet], endpoints: [Endpoint]) {
        self.subnets = subnets
        for endpoint in endpoints.sorted(by: { $0.containerID < $1.containerID }) {
            let ips = [endpoint.ipv4Address, endpoint.ipv6Address].compactMap { $0 }
            var names = [endpoint.containerName, String(endpoint.containerID.prefix(12))] + endpoint.aliases
            if let hostname = endpoint.hostname { names.append(hostname) }
            for name in Set(names.map { Self.normalize($0) }) where !name.isEmpty {
                addresses[name, default: []] += ips
            }
            for ip in ips { pointers[ip] = endpoint.containerName }
        }
    }

    /// Lower case, no trailing dot.
    static func normalize(_ name: String) -> String {
        (name.hasSuffix(".") ? String(name.dropLast()) : name).lowercased()
    }

    /// What to do with a question.
    package enum Answer: Equatable, Sendable {
        /// Reply with these records (possibly none: the name exists without that type).
        case records([DNSMessage.Record])
        /// Reply NXDOMAIN.
        case nameError
        /// Not ours: ask the upstream servers.
        case forward
    }

    /// Answers `question`; `rotation` turns the order of multi-address names (round robin).
    package func answer(_ question: DNSMessage.Question, rotation: Int) -> Answer {
        let name = Self.normalize(question.name)
        if question.type == DNSMessage.RecordType.ptr {
            guard let address = Self.address(fromReverse: name) else { return .forward }
            if let target = pointers[address] {
                return .records([.pointer(question.name, to: target)])
            }
            return subnets.contains { $0.contains(address) } ? .nameError : .forward
        }
        guard let found = addresses[name] else {
            // Single-label names are container, service or alias names: if not ours they do
            // not exist (upstream would only say the same, slowly).
            return name.contains(".") ? .forward : .nameError
        }
        let family: IPAddress.Family? =
            switch question.type {
            case DNSMessage.RecordType.a: .v4
            case DNSMessage.RecordType.aaaa: .v6
            default: nil
            }
        let matching = found.filter { $0.family == family }
        guard !matching.isEmpty else { return .records([]) }
        let shift = rotation % matching.count
        let rotated = Array(matching[shift...] + matching[..<shift])
        return .records(rotated.map { .address(question.name, $0) })
    }

    /// The address of an in-addr.arpa or ip6.arpa name.
    static func address(fromReverse name: String) -> IPAddress? {
        if name.hasSuffix(".in-addr.arpa") {
            let octets = name.dropLast(".in-addr.arpa".count).split(separator: ".").reversed()
            return octets.count == 4 ? IPAddress(octets.joined(separator: ".")) : nil
        }
        if name.hasSuffix(".ip6.arpa") {
            let nibbles = name.dropLast(".ip6.arpa".count).split(separator: ".").reversed().map(String.init)
            guard nibbles.count == 32, nibbles.allSatisfy({ $0.count == 1 }) else { return nil }
            let groups = stride(from: 0, to: 32, by: 4).map { nibbles[$0..<($0 + 4)].joined() }
            return IPAddress(groups.joined(separator: ":"))
        }
        return nil
    }
}
