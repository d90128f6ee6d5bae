/// A CIDR block such as 172.18.0.0/16 or fd00:1::/64; its address has no host bits set.
package struct Subnet: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The network address (host bits zero).
    package let address: IPAddress
    /// The prefix length, 0-32 or 0-128.
    package let prefixLength: Int

    /// Parses `text` as CIDR; errors name `field` (e.g. `network "x": subnet`).
    package init(parsing text: String, field: String = "subnet") throws(NetworkError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])) else {
            throw NetworkError(.invalidArgument, "\(field) \(text): expected CIDR notation such as 172.20.0.0/16")
        }
        guard let length = Int(parts[1]), (0...address.bitWidth).contains(length) else {
            throw NetworkError(
                .invalidArgument, "\(field) \(text): prefix length must be 0-\(address.bitWidth)")
        }
        let subnet = Subnet(containing: address, prefixLength: length)
        guard subnet.address == address else {
            throw NetworkError(
                .invalidArgument, "\(field) \(text): host bits are set; did you mean \(subnet)?")
        }
        self = subnet
    }

    /// The block of `prefixLength` that contains `address`.
    package init(containing address: IPAddress, prefixLength: Int) {
        let hostBits = address.bitWidth - prefixLength
        let mask: UInt128 = hostBits >= 128 ? 0 : ~((UInt128(1) << UInt128(hostBits)) - 1)
        self.address = IPAddress(family: address.family, value: address.value & mask)
        self.prefixLength = prefixLength
    }

    /// The address family.
    package var family: IPAddress.Family { address.family }

    /// The number of host bits.
    package var hostBits: Int { address.bitWidth - prefixLength }

    /// The number of addresses in the block (saturating for huge IPv6 blocks).
    package var size: UInt128 { hostBits >= 127 ? UInt128.max : UInt128(1) << UInt128(hostBits) }

    /// The last address of the block (the broadcast address for IPv4).
    package var lastAddress: IPAddress { address.advanced(by: size &- 1) }

    /// Whether `other` lies in this block.
    package func contains(_ other: IPAddress) -> Bool {
        other.family == family && Subnet(containing: other, prefixLength: prefixLength).address == address
    }

    /// Whether the two blocks share any address.
    package func overlaps(_ other: Subnet) -> Bool {
        guard other.family == family else { return false }
        return contains(other.address) || other.contains(address)
    }

    /// CIDR text, e.g. `172.20.0.0/16`.
    package var description: String { "\(address)/\(prefixLength)" }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Subnet(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
