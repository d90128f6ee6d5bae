/// The block IO weight of one device (`blkio_config.weight_device`).
public struct WeightDevice: Sendable, Equatable, Codable {
    /// The device path.
    public var path: String
    /// The relative weight, 10 to 1000.
    public var weight: UInt16

    /// Creates a device weight.
    public init(path: String, weight: UInt16) {
        self.path = path
        self.weight = weight
    }

    enum CodingKeys: String, ModelKey {
        case path, weight
        var rule: FieldRule { .keepZero }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            path: container.decode(String.self, forKey: .path), weight: container.decode(UInt16.self, forKey: .weight))
    }

    /// compose-go's struct has no JSON tags here, so its JSON keys are Go's field names (`Path`, `Weight`).
    public func encode(to encoder: any Encoder) throws {
        let isJSON = encoder.canonicalFormat == .json
        var container = encoder.container(keyedBy: BlkioJSONKey.self)
        try container.encode(path, forKey: isJSON ? .jsonPath : .path)
        try container.encode(weight, forKey: isJSON ? .jsonWeight : .weight)
    }
}

/// A block IO rate limit of one device (`blkio_config.device_read_bps`, ...).
public struct ThrottleDevice: Sendable, Equatable, Codable {
    /// The device path.
    public var path: String
    /// The limit: bytes or operations per second.
    public var rate: ByteSize

    /// Creates a device limit.
    public init(path: String, rate: ByteSize) {
        self.path = path
        self.rate = rate
    }

    enum CodingKeys: String, ModelKey {
        case path, rate
        var rule: FieldRule { .keepZero }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            path: container.decode(String.self, forKey: .path), rate: container.decode(ByteSize.self, forKey: .rate))
    }

    /// Written like `WeightDevice`: `Path` and `Rate` in JSON.
    public func encode(to encoder: any Encoder) throws {
        let isJSON = encoder.canonicalFormat == .json
        var container = encoder.container(keyedBy: BlkioJSONKey.self)
        try container.encode(path, forKey: isJSON ? .jsonPath : .path)
        try container.encode(rate, forKey: isJSON ? .jsonRate : .rate)
    }
}

/// The keys of the block IO device types in both output formats.
enum BlkioJSONKey: String, ModelKey {
    case path, weight, rate
    case jsonPath = "Path"
    case jsonWeight = "Weight"
    case jsonRate = "Rate"
    var rule: FieldRule { .keepZero }
}
