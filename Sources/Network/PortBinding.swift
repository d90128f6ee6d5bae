/// TCP or UDP.
package enum PortProtocol: String, Sendable, Codable, Hashable {
    case tcp, udp
}

/// A request to publish one container port (or a range): Docker's `-p` / compose `ports`.
package struct PortBinding: Sendable, Codable, Equatable, Hashable {
    package var proto: PortProtocol
    /// Host address to listen on; nil means every address (0.0.0.0).
    package var hostIP: IPAddress?
    /// Host ports to pick from; nil means a random free port. Its size must be 1 or match the
    /// container range's size.
    package var hostPorts: ClosedRange<UInt16>?
    package var containerPorts: ClosedRange<UInt16>

    /// A binding; see the properties.
    package init(
        proto: PortProtocol = .tcp, hostIP: IPAddress? = nil, hostPorts: ClosedRange<UInt16>? = nil,
        containerPorts: ClosedRange<UInt16>
    ) {
        self.proto = proto
        self.hostIP = hostIP
        self.hostPorts = hostPorts
        self.containerPorts = containerPorts
    }

    /// Parses `[[HOST_IP:]HOST_PORTS:]CONTAINER_PORTS[/PROTO]`, e.g. `127.0.0.1:8080-8081:80-81/udp`,
    /// `[::1]:8080:80`, `8080:80`, `80`. An empty host port (`127.0.0.1::80`) means random.
    package init(parsing spec: String) throws(NetworkError) {
        let bad = { (why: String) in NetworkError(.invalidArgument, "port \(spec): \(why)") }
        var rest = Substring(spec)
        var proto = PortProtocol.tcp
        if let slash = rest.lastIndex(of: "/") {
            guard let parsed = PortProtocol(rawValue: rest[rest.index(after: slash)...].lowercased()) else {
                throw bad("protocol must be tcp or udp")
            }
            proto = parsed
            rest = rest[..<slash]
        }
        var hostIP: IPAddress?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            guard let address = IPAddress(String(rest[rest.index(after: rest.startIndex)..<close])) else {
                throw bad("bad host address")
            }
            hostIP = address
            rest = rest[rest.index(after: close)...].drop { $0 == ":" }
        }
        var parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if hostIP == nil && parts.count == 3 {
            guard let address = IPAddress(parts[0]) else { throw bad("bad host address \(parts[0])") }
            hostIP = address
            parts.removeFirst()
        }
        guard (1...2).contains(parts.count), let last = parts.last else {
            throw bad("expected [[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]")
        }
        let containerPorts = try Self.range(last, spec: spec)
        var hostPorts: ClosedRange<UInt16>?
        if parts.count == 2 && !parts[0].isEmpty {
            hostPorts = try Self.range(parts[0], spec: spec)
        }
        try self.init(checking: proto, hostIP, hostPorts, containerPorts, spec: spec)
    }

    private init(
        checking proto: PortProtocol, _ hostIP: IPAddress?, _ hostPorts: ClosedRange<UInt16>?,
        _ containerPorts: ClosedRange<UInt16>, spec: String
    ) throws(NetworkError) {
        if let hostPorts, hostPorts.count != 1, hostPorts.count != containerPorts.count {
            throw NetworkError(
                .invalidArgument,
                "port \(spec): host range \(hostPorts.count) ports, container range \(containerPorts.count)")
        }
        self.init(proto: proto, hostIP: hostIP, hostPorts: hostPorts, containerPorts: containerPorts)
    }

    private static func range(_ text: String, spec: String) throws(NetworkError) -> ClosedRange<UInt16> {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = ends.compactMap { UInt16($0) }
        guard (1...2).contains(ends.count), numbers.count == ends.count, let low = numbers.first,
            let high = numbers.last, low > 0, low <= high
        else {
            throw NetworkError(.invalidArgument, "port \(spec): \(text) is not a port or range (1-65535)")
        }
        return low...high
    }
}
