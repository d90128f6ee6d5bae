/// A secret or config given to a service (`secrets`, `configs`, long syntax).
public struct ServiceFileReference: Sendable, Equatable, Codable {
    /// The name of the secret or config.
    public var source: String?
    /// The path in the container, or a file name under the default directory.
    public var target: String?
    /// The owner's user ID.
    public var uid: String?
    /// The owner's group ID.
    public var gid: String?
    /// The file mode.
    public var mode: FileMode?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case source
        case target
        case uid
        case gid
        case mode
        case extensions

        var rule: FieldRule {
            switch self {
            case .mode: .keepZero
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// A host device mapped into the containers (`devices`, long syntax).
public struct DeviceMapping: Sendable, Equatable, Codable {
    /// The device on the host.
    public var source: String?
    /// The device path in the container.
    public var target: String?
    /// The cgroup permissions: some of `r`, `w`, `m`.
    public var permissions: String?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case source
        case target
        case permissions
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// Block IO limits (`blkio_config`).
public struct BlkioConfig: Sendable, Equatable, Codable {
    /// The relative block IO weight, 10 to 1000.
    public var weight: UInt16?
    /// Weights per device.
    public var weightDevice: [WeightDevice]?
    /// Read limits per device, in bytes per second.
    public var deviceReadBps: [ThrottleDevice]?
    /// Read limits per device, in operations per second.
    public var deviceReadIOps: [ThrottleDevice]?
    /// Write limits per device, in bytes per second.
    public var deviceWriteBps: [ThrottleDevice]?
    /// Write limits per device, in operations per second.
    public var deviceWriteIOps: [ThrottleDevice]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case weight
        case weightDevice = "weight_device"
        case deviceReadBps = "device_read_bps"
        case deviceReadIOps = "device_read_iops"
        case deviceWriteBps = "device_write_bps"
        case deviceWriteIOps = "device_write_iops"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}
