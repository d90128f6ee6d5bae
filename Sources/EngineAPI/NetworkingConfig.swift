/// The networks a container joins when it is created (`NetworkingConfig`).
public struct NetworkingConfig: Sendable, Equatable, Codable {
    /// Endpoint settings by network name.
    public var endpointsConfig: [String: EndpointSettings]?

    /// Creates a networking configuration.
    public init(endpointsConfig: [String: EndpointSettings]? = nil) {
        self.endpointsConfig = endpointsConfig
    }

    /// What the docker CLI sends for `--network NAME`: a user-defined network is also named here;
    /// none, host, bridge, default and container:ID are not.
    package static func naming(_ network: String?) -> NetworkingConfig? {
        guard let network, !["none", "host", "bridge", "default"].contains(network), !network.hasPrefix("container:")
        else { return nil }
        return NetworkingConfig(endpointsConfig: [network: EndpointSettings()])
    }

    enum CodingKeys: String, CodingKey {
        case endpointsConfig = "EndpointsConfig"
    }
}

/// How a container joins one network (`EndpointSettings`); the last fields are read-only state that
/// inspect returns.
public struct EndpointSettings: Sendable, Equatable, Codable {
    /// Static addresses.
    public var ipamConfig: EndpointIPAMConfig?
    /// Links to other containers as `name:alias`.
    public var links: [String]?
    /// The MAC address on this network.
    public var macAddress: String?
    /// More names of the container on this network.
    public var aliases: [String]?
    /// Options of the network driver for this endpoint.
    public var driverOpts: [String: String]?
    /// The network's ID (state).
    public var networkID: String?
    /// The endpoint's ID (state).
    public var endpointID: String?
    /// The gateway address (state).
    public var gateway: String?
    /// The IPv4 address (state).
    public var ipAddress: String?
    /// The IPv4 prefix length (state).
    public var ipPrefixLen: Int?
    /// The names the embedded DNS answers for this container on this network (state).
    public var dnsNames: [String]?

    /// Creates empty settings.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case ipamConfig = "IPAMConfig"
        case links = "Links"
        case macAddress = "MacAddress"
        case aliases = "Aliases"
        case driverOpts = "DriverOpts"
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
        case gateway = "Gateway"
        case ipAddress = "IPAddress"
        case ipPrefixLen = "IPPrefixLen"
        case dnsNames = "DNSNames"
    }
}

/// Static addresses of an endpoint (`EndpointIPAMConfig`).
public struct EndpointIPAMConfig: Sendable, Equatable, Codable {
    /// A static IPv4 address.
    public var ipv4Address: String?
    /// A static IPv6 address.
    public var ipv6Address: String?
    /// Link-local addresses.
    public var linkLocalIPs: [String]?

    /// Creates a configuration.
    public init(ipv4Address: String? = nil, ipv6Address: String? = nil, linkLocalIPs: [String]? = nil) {
        self.ipv4Address = ipv4Address
        self.ipv6Address = ipv6Address
        self.linkLocalIPs = linkLocalIPs
    }

    enum CodingKeys: String, CodingKey {
        case ipv4Address = "IPv4Address"
        case ipv6Address = "IPv6Address"
        case linkLocalIPs = "LinkLocalIPs"
    }
}
