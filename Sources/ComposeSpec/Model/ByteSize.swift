/// A number of bytes, written in compose files as a plain count (`1024`, `-1`) or with a binary unit
/// (`512m`, `2gb`, `1.5GiB`: k, m, g, t, p are powers of 1024), as Docker's `RAMInBytes` reads them.
/// `berth config` writes the count as a string, as compose-go does.
public struct ByteSize: Sendable, Hashable, Codable, CustomStringConvertible, CanonicalZero {
    /// The count of bytes; -1 means unlimited where the engine accepts it (`memswap_limit`).
    public var bytes: Int64

    /// Creates a size of `bytes`.
    public init(bytes: Int64) {
        self.bytes = bytes
    }

    /// Parses a byte count with an optional unit.
    /// - Throws: `SpecError` (`.invalidValue`, without a place) when the text is neither an integer nor a
    ///   number with a unit.
    public init(parsing text: String) throws(SpecError) {
        if let count = Int64(text) {
            self.init(bytes: count)
            return
        }
        let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        var suffix = text.dropFirst(number.count).lowercased()[...]
        if suffix.first == " " { suffix = suffix.dropFirst() }
        let prefixes: [Character: Double] = ["k": 1, "m": 2, "g": 3, "t": 4, "p": 5]
        let power = suffix.first.flatMap { prefixes[$0] }
        if power != nil { suffix = suffix.dropFirst() }
        if suffix.first == "i" { suffix = suffix.dropFirst() }
        if suffix.first == "b" { suffix = suffix.dropFirst() }
        guard suffix.isEmpty, number.first?.isNumber == true, !number.hasSuffix("."), let value = Double(number)
        else { throw SpecError.invalidValue("invalid size '\(text)'") }
        let bytes = value * Double.pow1024(power ?? 0)
        guard bytes < 9.2e18 else { throw SpecError.invalidValue("invalid size '\(text)': out of range") }
        self.init(bytes: Int64(bytes))
    }

    public var description: String { String(bytes) }

    package var isZero: Bool { bytes == 0 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Text first: the node decoder reads every scalar as text, and a quoted "010" is ten bytes.
        if let text = try? container.decode(String.self) {
            try self.init(parsing: text)
        } else {
            self.init(bytes: try container.decode(Int64.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Double {
    fileprivate static func pow1024(_ exponent: Double) -> Double {
        (0..<Int(exponent)).reduce(1.0) { value, _ in value * 1024 }
    }
}
