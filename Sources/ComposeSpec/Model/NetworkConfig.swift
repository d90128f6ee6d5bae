/// A network of the project (`networks.NAME`).
public struct NetworkConfig: Sendable, Equatable, Codable {
    /// The name of the network in the engine, when not the project-scoped default.
    public var name: String?
    /// The network driver.
    public var driver: String?
    /// Options of the driver.
    public var driverOptions: [String: String]?
    /// IP address management.
    public var ipam: IPAMConfig?
    /// Whether the network exists outside the project (never created or removed).
    public var external: Bool?
    /// Whether the network has no route outside.
    public var `internal`: Bool?
    /// Whether standalone containers may join (swarm).
    public var attachable: Bool?
    /// Labels of the network.
    public var labels: [String: String]?
    /// Whether IPv4 is enabled.
    public var enableIPv4: Bool?
    /// Whether IPv6 is enabled.
    public var enableIPv6: Bool?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case name
        case driver
        case driverOptions = "driver_opts"
        case ipam
        case external
        case `internal`
        case attachable
        case labels
        case enableIPv4 = "enable_ipv4"
        case enableIPv6 = "enable_ipv6"
        case extensions

        var rule: FieldRule {
            switch self {
            case .ipam: .structValue(jsonDefault: IPAMConfig())
            case .enableIPv4, .enableIPv6: .keepZero
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// IP address management of a network.
public struct IPAMConfig: Sendable, Equatable, Codable {
    /// The IPAM driver.
    public var driver: String?
    /// Address pools.
    public var config: [IPAMPool]?
    /// Options of the driver.
    public var options: [String: String]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case driver
        case config
        case options
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// An address pool of a network.
public struct IPAMPool: Sendable, Equatable, Codable {
    /// The subnet, in CIDR form.
    public var subnet: String?
    /// The gateway address.
    public var gateway: String?
    /// The range containers get addresses from, in CIDR form.
    public var ipRange: String?
    /// Addresses the driver must not assign, by host name.
    public var auxAddresses: [String: String]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case subnet
        case gateway
        case ipRange = "ip_range"
        case auxAddresses = "aux_addresses"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}
