/// A request for devices such as GPUs (`gpus`, `deploy.resources.reservations.devices`).
public struct DeviceRequest: Sendable, Equatable, Codable {
    /// Capabilities the devices must have (`gpu`, `tpu`, ...).
    public var capabilities: [String]?
    /// The device driver (`nvidia`).
    public var driver: String?
    /// How many devices, or all of them.
    public var count: DeviceCount?
    /// Specific device IDs.
    public var deviceIDs: [String]?
    /// Driver-specific options.
    public var options: [String: String]?

    /// Creates an empty request.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case capabilities, driver, count
        case deviceIDs = "device_ids"
        case options
    }
}

/// The number of devices a request asks for; compose-go writes `all` as -1.
public enum DeviceCount: Sendable, Equatable, Codable, CanonicalZero {
    /// Every device (`all`).
    case all
    /// This many devices.
    case exactly(Int64)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let count = try? container.decode(Int64.self) {
            self = count == -1 ? .all : .exactly(count)
            return
        }
        let text = try container.decode(String.self)
        if text.lowercased() == "all" {
            self = .all
        } else {
            throw SpecError.invalidValue("invalid value '\(text)', the only value allowed is 'all' or a number")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .all: try container.encode(Int64(-1))
        case .exactly(let count): try container.encode(count)
        }
    }

    package var isZero: Bool { self == .exactly(0) }
}
