/// A port published to the host (`ports`, long syntax).
public struct ServicePort: Sendable, Equatable, Codable {
    /// A human-readable name for the port.
    public var name: String?
    /// `host` or `ingress`.
    public var mode: String?
    /// The host address the port is published on.
    public var hostIP: String?
    /// The container port.
    public var target: UInt32?
    /// The host port or range (`8080`, `8000-8010`); none for a random port.
    public var published: String?
    /// `tcp` or `udp`.
    public var `protocol`: String?
    /// The application protocol (`http`, `grpc`), a hint for tools.
    public var appProtocol: String?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case name
        case mode
        case hostIP = "host_ip"
        case target
        case published
        case `protocol`
        case appProtocol = "app_protocol"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// How a service joins one network (`networks.NAME`).
public struct ServiceNetwork: Sendable, Equatable, Codable {
    /// More names of the service on this network.
    public var aliases: [String]?
    /// Options of the network driver for this endpoint.
    public var driverOptions: [String: String]?
    /// The priority for choosing the default gateway; the highest wins.
    public var gatewayPriority: Int?
    /// The name of the network interface in the container.
    public var interfaceName: String?
    /// A static IPv4 address.
    public var ipv4Address: String?
    /// A static IPv6 address.
    public var ipv6Address: String?
    /// Link-local addresses.
    public var linkLocalIPs: [String]?
    /// The MAC address on this network.
    public var macAddress: String?
    /// The order in which networks are connected; the highest first.
    public var priority: Int?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case aliases
        case driverOptions = "driver_opts"
        case gatewayPriority = "gw_priority"
        case interfaceName = "interface_name"
        case ipv4Address = "ipv4_address"
        case ipv6Address = "ipv6_address"
        case linkLocalIPs = "link_local_ips"
        case macAddress = "mac_address"
        case priority
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}
