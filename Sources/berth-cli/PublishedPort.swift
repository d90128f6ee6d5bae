import ArgumentParser
import EngineAPI

/// One `-p/--publish` value as the docker CLI reads it: `[IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`,
/// where either port may be a range (`8000-8001:80-81`, ranges of equal length) and an empty host
/// port lets the engine choose one.
struct PublishedPort: Equatable {
    /// The exposed port key (`80/tcp`).
    var key: String
    /// Where it is published on the host.
    var binding: PortBinding

    /// The ports of one `-p` value, one per container port of its range.
    static func parse(_ text: String) throws -> [PublishedPort] {
        let (address, rest) = try splitAddress(text)
        let slash = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let proto = slash.count == 2 ? slash[1].lowercased() : "tcp"
        guard ["tcp", "udp", "sctp"].contains(proto) else {
            throw CommandError("-p \(text): protocol \"\(proto)\" is not tcp, udp or sctp")
        }
        let ports = slash[0].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard ports.count <= 2, address == nil || ports.count == 2 else {
            throw CommandError("-p \(text): expected [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]")
        }
        let container = try range(ports[ports.count - 1], of: text)
        let host = ports.count == 2 && !ports[0].isEmpty ? try range(ports[0], of: text) : nil
        if let host, host.count != container.count && host.count != 1 {
            throw CommandError("-p \(text): the host and container port ranges differ in length")
        }
        return container.enumerated().map { index, port in
            let hostPort = host.map { $0.count == 1 ? $0.lowerBound : $0.lowerBound + index }
            return PublishedPort(
                key: "\(port)/\(proto)",
                binding: PortBinding(hostIP: address ?? "", hostPort: hostPort.map(String.init) ?? ""))
        }
    }

    /// A leading IPv4 address or a bracketed IPv6 one (`[::1]:80:80`), and what follows it.
    private static func splitAddress(_ text: String) throws -> (String?, String) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else {
                throw CommandError("-p \(text): an IPv6 address must be written [ADDRESS]:")
            }
            return (
                String(text[text.index(after: text.startIndex)..<close]),
                String(text[text.index(close, offsetBy: 2)...])
            )
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return (nil, text) }
        return (String(parts[0]), parts[1...].joined(separator: ":"))
    }

    /// `80` or `8000-8010`.
    private static func range(_ text: String, of whole: String) throws -> ClosedRange<Int> {
        let bounds = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).compactMap { Int($0) }
        let expected = text.contains("-") ? 2 : 1
        guard bounds.count == expected, let low = bounds.first, let high = bounds.last, low >= 1, high <= 65535,
            low <= high
        else {
            throw CommandError("-p \(whole): \"\(text)\" is not a port (1-65535) or a range of ports")
        }
        return low...high
    }
}
