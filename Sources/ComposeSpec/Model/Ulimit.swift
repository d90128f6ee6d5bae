/// A resource limit (`nofile`, `nproc`, ...): one number for both the soft and the hard limit, or a
/// `{soft, hard}` pair. `berth config` writes it back in the form it was written.
public struct Ulimit: Sendable, Equatable, Codable {
    /// The soft limit.
    public var soft: Int64
    /// The hard limit.
    public var hard: Int64
    /// True when the limit was written as one number.
    public var isSingleValue: Bool

    /// A limit written as one number, used for both the soft and the hard limit.
    public init(_ value: Int64) {
        self.soft = value
        self.hard = value
        self.isSingleValue = true
    }

    /// A limit written as a pair.
    public init(soft: Int64, hard: Int64) {
        self.soft = soft
        self.hard = hard
        self.isSingleValue = false
    }

    enum CodingKeys: String, ModelKey {
        case soft, hard
        var rule: FieldRule { .keepZero }
    }

    public init(from decoder: any Decoder) throws {
        if let pair = try? decoder.container(keyedBy: CodingKeys.self) {
            try self.init(soft: pair.decode(Int64.self, forKey: .soft), hard: pair.decode(Int64.self, forKey: .hard))
        } else {
            try self.init(decoder.singleValueContainer().decode(Int64.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if isSingleValue {
            var container = encoder.singleValueContainer()
            try container.encode(soft)
            return
        }
        // compose-go writes both limits in YAML but leaves zero ones out of JSON.
        let isJSON = encoder.canonicalFormat == .json
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !isJSON || soft != 0 { try container.encode(soft, forKey: .soft) }
        if !isJSON || hard != 0 { try container.encode(hard, forKey: .hard) }
    }
}
