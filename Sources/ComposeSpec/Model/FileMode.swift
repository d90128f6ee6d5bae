/// The permission bits of a secret or config file in the container. Compose files write them in octal:
/// a quoted `"0440"` or `"440"` is octal text, a plain `0440` is a YAML octal number (both 288), and a
/// plain `288` is decimal. `berth config` writes them as octal text, as compose-go does.
public struct FileMode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The mode bits.
    public var bits: Int64

    /// Creates a mode from its bits.
    public init(bits: Int64) {
        self.bits = bits
    }

    /// Parses octal text such as `0440` or `440`.
    /// - Throws: `SpecError` (`.invalidValue`, without a place) when the text is not an octal number.
    public init(octal text: String) throws(SpecError) {
        guard let bits = Int64(text, radix: 8), !text.hasPrefix("+"), !text.hasPrefix("-") else {
            throw SpecError.invalidValue("invalid file mode '\(text)': expected an octal number such as 0440")
        }
        self.init(bits: bits)
    }

    /// `0440`: a zero, then the bits in octal.
    public var description: String { "0" + String(bits, radix: 8) }

    public init(from decoder: any Decoder) throws {
        if let node = (decoder as? NodeValueDecoder)?.node, let text = node.scalar {
            if node.isQuoted {
                try self.init(octal: text)
            } else if let bits = ScalarText.integer(text, isQuoted: false) {
                self.init(bits: bits)
            } else {
                throw SpecError.invalidValue("invalid file mode '\(text)': expected an octal number such as 0440")
            }
            return
        }
        let container = try decoder.singleValueContainer()
        if let bits = try? container.decode(Int64.self) {
            self.init(bits: bits)
        } else {
            try self.init(octal: container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
