/// A length of time written as Go writes durations (`1m30s`, `10s`, `1.5s`, `500ms`, `2d`), as compose
/// files use them for healthchecks, grace periods and restart delays. Named apart from `Swift.Duration`,
/// which it converts to.
public struct ComposeDuration: Sendable, Hashable, Codable, CustomStringConvertible, CanonicalZero {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration of `nanoseconds`.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Parses Go duration text: a sign, then numbers with units `ns`, `us` (`µs`), `ms`, `s`, `m`, `h`, `d`
    /// (24h) or `w` (7d), e.g. `1h30m`, `1.5s`, `-2m`; `0` alone needs no unit.
    /// - Throws: `SpecError` (`.invalidValue`, without a place) when the text does not follow that grammar or
    ///   overflows.
    public init(parsing text: String) throws(SpecError) {
        var rest = Substring(text)
        var isNegative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            isNegative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" {
            self.init(nanoseconds: 0)
            return
        }
        guard !rest.isEmpty else { throw SpecError.invalidValue("invalid duration '\(text)'") }
        var total: UInt64 = 0
        while !rest.isEmpty {
            let term = try Self.term(&rest, in: text)
            let (sum, overflow) = total.addingReportingOverflow(term)
            guard !overflow, sum <= UInt64(Int64.max) + (isNegative ? 1 : 0) else {
                throw SpecError.invalidValue("invalid duration '\(text)': out of range")
            }
            total = sum
        }
        self.init(nanoseconds: isNegative ? Int64(truncatingIfNeeded: 0 &- total) : Int64(total))
    }

    /// Nanoseconds per unit name.
    private static let units: [Substring: UInt64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000, "d": 86_400_000_000_000, "w": 604_800_000_000_000,
    ]

    /// Reads one `number unit` term from the front of `rest` and returns its nanoseconds.
    private static func term(_ rest: inout Substring, in text: String) throws(SpecError) -> UInt64 {
        let whole = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(whole.count)
        var fraction: Substring = ""
        if rest.first == "." {
            fraction = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(1 + fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { throw SpecError.invalidValue("invalid duration '\(text)'") }
        let unitName = rest.prefix { !($0 == "." || ($0.isASCII && $0.isNumber)) }
        rest = rest.dropFirst(unitName.count)
        guard !unitName.isEmpty else { throw SpecError.invalidValue("missing unit in duration '\(text)'") }
        guard let unit = units[unitName] else {
            throw SpecError.invalidValue("unknown unit '\(unitName)' in duration '\(text)'")
        }
        guard let value = UInt64(whole.isEmpty ? "0" : whole), value <= UInt64(Int64.max) / unit else {
            throw SpecError.invalidValue("invalid duration '\(text)': out of range")
        }
        // Go keeps only the fraction digits that fit, then scales in floating point.
        let digits = fraction.prefix(18)
        let scale = (0..<digits.count).reduce(1.0) { value, _ in value * 10 }
        let part = digits.isEmpty ? 0 : UInt64(Double(UInt64(digits) ?? 0) * (Double(unit) / scale))
        return value * unit + part
    }

    /// Go's `time.Duration.String()`: `1h2m3.5s`, `1m0s`, `500ms`, `1.5µs`, `0s`.
    public var description: String {
        let isNegative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        let sign = isNegative ? "-" : ""
        if magnitude == 0 { return "0s" }
        if magnitude < 1_000_000_000 {
            let (unit, digits): (String, Int) =
                switch magnitude {
                case ..<1_000: ("ns", 0)
                case ..<1_000_000: ("µs", 3)
                default: ("ms", 6)
                }
            return sign + Self.decimal(magnitude, fractionDigits: digits) + unit
        }
        let seconds = Self.decimal(magnitude % 60_000_000_000, fractionDigits: 9) + "s"
        let minutes = magnitude / 60_000_000_000
        if minutes == 0 { return sign + seconds }
        let hours = minutes / 60
        if hours == 0 { return sign + "\(minutes)m" + seconds }
        return sign + "\(hours)h\(minutes % 60)m" + seconds
    }

    /// `value / 10^fractionDigits` with the fraction's trailing zeros (and a bare point) left out.
    private static func decimal(_ value: UInt64, fractionDigits: Int) -> String {
        guard fractionDigits > 0 else { return String(value) }
        let scale = (0..<fractionDigits).reduce(UInt64(1)) { value, _ in value * 10 }
        let fraction = String(value % scale)
        let padded = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        let trimmed = padded.reversed().drop { $0 == "0" }.reversed()
        return String(value / scale) + (trimmed.isEmpty ? "" : "." + String(trimmed))
    }

    /// The same length as a `Swift.Duration`.
    public var duration: Swift.Duration { .nanoseconds(nanoseconds) }

    package var isZero: Bool { nanoseconds == 0 }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
