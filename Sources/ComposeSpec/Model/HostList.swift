/// Extra `/etc/hosts` entries. Compose files write them as `HOST=IP` or `HOST:IP` strings (several IPs
/// separated by commas) or as a mapping from host to one IP or a list; `berth config` writes the sorted
/// `HOST=IP` list, as compose-go does.
public struct HostList: Sendable, Equatable, Codable, CanonicalZero {
    /// The entries, in the order written.
    public var entries: [ExtraHost]

    /// Creates a list from its entries.
    public init(_ entries: [ExtraHost] = []) {
        self.entries = entries
    }

    /// Parses `HOST=IP` or `HOST:IP` strings; IPv6 addresses may be bracketed (`[::1]`).
    /// - Throws: `SpecError` (`.invalidValue`, without a place) for an entry without an IP or with a bad host name.
    public init(parsing lines: [String]) throws(SpecError) {
        var entries: [ExtraHost] = []
        for line in lines {
            let separator = line.firstIndex(of: "=") ?? line.firstIndex(of: ":")
            guard let separator else { throw SpecError.invalidValue("invalid additional host, missing IP: '\(line)'") }
            let host = String(line[..<separator])
            let addresses = line[line.index(after: separator)...].split(
                separator: ",", omittingEmptySubsequences: false)
            entries += try addresses.map { address throws(SpecError) in try ExtraHost(host, String(address)) }
        }
        self.init(entries)
    }

    package var isZero: Bool { entries.isEmpty }

    public init(from decoder: any Decoder) throws {
        if let mapping = try? decoder.container(keyedBy: NameKey.self) {
            var lines: [String] = []
            for key in mapping.allKeys {
                if let address = try? mapping.decode(String.self, forKey: key) {
                    lines.append("\(key.stringValue)=\(address)")
                } else {
                    let addresses = try mapping.decode([String].self, forKey: key)
                    lines += addresses.map { "\(key.stringValue)=\($0)" }
                }
            }
            try self.init(parsing: lines)
        } else {
            var list = try decoder.unkeyedContainer()
            var lines: [String] = []
            while !list.isAtEnd { lines.append(try list.decode(String.self)) }
            try self.init(parsing: lines)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for line in entries.map({ "\($0.hostname)=\($0.address)" }).sorted(by: KeyOrder.jsonPrecedes) {
            try container.encode(line)
        }
    }
}

/// One extra `/etc/hosts` entry.
public struct ExtraHost: Sendable, Hashable {
    /// The host name.
    public var hostname: String
    /// The IP address, without brackets.
    public var address: String

    /// Creates an entry; brackets around an IPv6 address are removed.
    /// - Throws: `SpecError` (`.invalidValue`, without a place) when the host name is empty or contains `:` or `=`.
    public init(_ hostname: String, _ address: String) throws(SpecError) {
        guard !hostname.isEmpty, !hostname.contains(":"), !hostname.contains("=") else {
            throw SpecError.invalidValue("bad host name '\(hostname)'")
        }
        self.hostname = hostname
        let isBracketed = address.count > 2 && address.hasPrefix("[") && address.hasSuffix("]")
        self.address = isBracketed ? String(address.dropFirst().dropLast()) : address
    }
}
