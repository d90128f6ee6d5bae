/// The body of `POST /networks/create`.
public struct NetworkCreateRequest: Sendable, Equatable, Codable {
    /// The network's name.
    public var name: String
    /// Whether a network of the same name is refused (ignored since API 1.44, which always refuses).
    public var checkDuplicate: Bool?
    /// The driver (`bridge`).
    public var driver: String?
    /// `local`, `global` or `swarm`.
    public var scope: String?
    /// Whether the network has no route outside.
    public var `internal`: Bool?
    /// Whether standalone containers may join (swarm).
    public var attachable: Bool?
    /// Whether it is the swarm routing mesh.
    public var ingress: Bool?
    /// Whether it only holds configuration for other networks.
    public var configOnly: Bool?
    /// The configuration-only network it takes its configuration from.
    public var configFrom: ConfigReference?
    /// IP address management.
    public var ipam: IPAM?
    /// Whether IPv4 is enabled (API 1.47; nil leaves the engine's default).
    public var enableIPv4: Bool?
    /// Whether IPv6 is enabled.
    public var enableIPv6: Bool?
    /// Options of the driver.
    public var options: [String: String]?
    /// Labels.
    public var labels: [String: String]?

    /// Creates a request for a network named `name`.
    public init(name: String) {
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", checkDuplicate = "CheckDuplicate", driver = "Driver", scope = "Scope"
        case `internal` = "Internal", attachable = "Attachable", ingress = "Ingress", configOnly = "ConfigOnly"
        case configFrom = "ConfigFrom", ipam = "IPAM", enableIPv4 = "EnableIPv4", enableIPv6 = "EnableIPv6"
        case options = "Options", labels = "Labels"
    }
}

/// The reply of `POST /networks/create`.
public struct NetworkCreateResponse: Sendable, Equatable, Codable {
    /// The new network's ID.
    public var id: String
    /// A warning met while creating it.
    public var warning: String?

    /// Creates a reply.
    public init(id: String, warning: String? = nil) {
        self.id = id
        self.warning = warning
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case warning = "Warning"
    }
}

/// A network as `GET /networks` and `GET /networks/{id}` return it (`Network`).
public struct NetworkSummary: Sendable, Equatable, Codable {
    /// The network's name.
    public var name: String
    /// The network's ID.
    public var id: String
    /// When it was created (RFC 3339).
    public var created: String?
    /// `local`, `global` or `swarm`.
    public var scope: String?
    /// The driver.
    public var driver: String?
    /// Whether IPv4 is enabled (API 1.47).
    public var enableIPv4: Bool?
    /// Whether IPv6 is enabled.
    public var enableIPv6: Bool?
    /// IP address management.
    public var ipam: IPAM?
    /// Whether the network has no route outside.
    public var `internal`: Bool?
    /// Whether standalone containers may join (swarm).
    public var attachable: Bool?
    /// Whether it is the swarm routing mesh.
    public var ingress: Bool?
    /// The configuration-only network it takes its configuration from.
    public var configFrom: ConfigReference?
    /// Whether it only holds configuration.
    public var configOnly: Bool?
    /// The connected containers by ID (inspect only).
    public var containers: [String: NetworkContainer]?
    /// Options of the driver.
    public var options: [String: String]?
    /// Labels.
    public var labels: [String: String]?

    /// Creates a summary.
    public init(name: String, id: String, labels: [String: String]? = nil) {
        self.name = name
        self.id = id
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", id = "Id", created = "Created", scope = "Scope", driver = "Driver"
        case enableIPv4 = "EnableIPv4", enableIPv6 = "EnableIPv6", ipam = "IPAM", `internal` = "Internal"
        case attachable = "Attachable", ingress = "Ingress", configFrom = "ConfigFrom", configOnly = "ConfigOnly"
        case containers = "Containers", options = "Options", labels = "Labels"
    }
}

/// A container connected to a network, as network inspect reports it (`NetworkContainer`).
public struct NetworkContainer: Sendable, Equatable, Codable {
    /// The container's name.
    public var name: String?
    /// The endpoint's ID.
    public var endpointID: String?
    /// The MAC address.
    public var macAddress: String?
    /// The IPv4 address in CIDR form.
    public var ipv4Address: String?
    /// The IPv6 address in CIDR form.
    public var ipv6Address: String?

    /// Creates a value.
    public init(name: String? = nil) {
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", endpointID = "EndpointID", macAddress = "MacAddress"
        case ipv4Address = "IPv4Address", ipv6Address = "IPv6Address"
    }
}

/// A reference to a configuration-only network (`ConfigReference`).
public struct ConfigReference: Sendable, Equatable, Codable {
    /// The network's name.
    public var network: String?

    /// Creates a reference.
    public init(network: String? = nil) {
        self.network = network
    }

    enum CodingKeys: String, CodingKey {
        case network = "Network"
    }
}

/// IP address management of a network (`IPAM`).
public struct IPAM: Sendable, Equatable, Codable {
    /// The IPAM driver (`default`).
    public var driver: String?
    /// Address pools.
    public var config: [IPAMPoolConfig]?
    /// Options of the driver.
    public var options: [String: String]?

    /// Creates a value.
    public init(driver: String? = nil, config: [IPAMPoolConfig]? = nil, options: [String: String]? = nil) {
        self.driver = driver
        self.config = config
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case driver = "Driver"
        case config = "Config"
        case options = "Options"
    }
}

/// An address pool of a network (`IPAMConfig`).
public struct IPAMPoolConfig: Sendable, Equatable, Codable {
    /// The subnet in CIDR form.
    public var subnet: String?
    /// The range containers get addresses from, in CIDR form.
    public var ipRange: String?
    /// The gateway address.
    public var gateway: String?
    /// Addresses the driver must not assign, by host name.
    public var auxiliaryAddresses: [String: String]?

    /// Creates a pool.
    public init(
        subnet: String? = nil, ipRange: String? = nil, gateway: String? = nil,
        auxiliaryAddresses: [String: String]? = nil
    ) {
        self.subnet = subnet
        self.ipRange = ipRange
        self.gateway = gateway
        self.auxiliaryAddresses = auxiliaryAddresses
    }

    enum CodingKeys: String, CodingKey {
        case subnet = "Subnet"
        case ipRange = "IPRange"
        case gateway = "Gateway"
        case auxiliaryAddresses = "AuxiliaryAddresses"
    }
}

/// The body of `POST /networks/{id}/connect`.
public struct NetworkConnectRequest: Sendable, Equatable, Codable {
    /// The container's ID or name.
    public var container: String
    /// How it joins.
    public var endpointConfig: EndpointSettings?

    /// Creates a request.
    public init(container: String, endpointConfig: EndpointSettings? = nil) {
        self.container = container
        self.endpointConfig = endpointConfig
    }

    enum CodingKeys: String, CodingKey {
        case container = "Container"
        case endpointConfig = "EndpointConfig"
    }
}

/// The body of `POST /networks/{id}/disconnect`.
public struct NetworkDisconnectRequest: Sendable, Equatable, Codable {
    /// The container's ID or name.
    public var container: String
    /// Whether the container is disconnected even when it is not running.
    public var force: Bool?

    /// Creates a request.
    public init(container: String, force: Bool? = nil) {
        self.container = container
        self.force = force
    }

    enum CodingKeys: String, CodingKey {
        case container = "Container"
        case force = "Force"
    }
}
