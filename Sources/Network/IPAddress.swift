#if canImport(Glibc)
    import Glibc
#endif

/// An IPv4 or IPv6 address; IPv4 uses the low 32 bits of `value`.
package struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The address family.
    package enum Family: String, Sendable, Codable {
        case v4, v6
    }

    /// The family of this address.
    package let family: Family
    /// The address as a number (network order's most significant byte first).
    package let value: UInt128

    /// Makes an address of `family` from its numeric value (truncated to the family's width).
    package init(family: Family, value: UInt128) {
        self.family = family
        self.value = family == .v4 ? value & 0xFFFF_FFFF : value
    }

    /// Parses dotted IPv4 or textual IPv6 (inet_pton's syntax); nil when it is neither.
    package init?(_ text: String) {
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &buffer) == 1 {
            self.init(bytes: Array(buffer[0..<4]))
        } else if inet_pton(AF_INET6, text, &buffer) == 1 {
            self.init(bytes: buffer)
        } else {
            return nil
        }
    }

    /// Makes an address from 4 or 16 bytes in network order; nil for any other count.
    package init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        let number = bytes.reduce(UInt128(0)) { ($0 << 8) | UInt128($1) }
        self.init(family: bytes.count == 4 ? .v4 : .v6, value: number)
    }

    /// 32 or 128.
    package var bitWidth: Int { family == .v4 ? 32 : 128 }

    /// The address in network byte order (4 or 16 bytes).
    package var bytes: [UInt8] {
        let count = bitWidth / 8
        return (0..<count).map { UInt8(truncatingIfNeeded: value >> UInt128(8 * (count - 1 - $0))) }
    }

    /// The address `offset` after this one (wrapping within the family's width).
    package func advanced(by offset: UInt128) -> IPAddress {
        IPAddress(family: family, value: value &+ offset)
    }

    package var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let source = bytes
        _ = inet_ntop(family == .v4 ? AF_INET : AF_INET6, source, &text, socklen_t(text.count))
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    package static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.family == rhs.family) ? lhs.value < rhs.value : lhs.family == .v4
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad IP \(text)"))
        }
        self = address
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
