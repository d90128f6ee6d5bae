/// A host address and port a container port is published on (`PortBindings` values).
public struct PortBinding: Sendable, Hashable, Codable {
    /// The host IP; empty for every address.
    public var hostIP: String?
    /// The host port or range; empty for a random port.
    public var hostPort: String?

    /// Creates a binding.
    public init(hostIP: String? = nil, hostPort: String? = nil) {
        self.hostIP = hostIP
        self.hostPort = hostPort
    }

    enum CodingKeys: String, CodingKey {
        case hostIP = "HostIp"
        case hostPort = "HostPort"
    }
}

/// When the engine restarts a container (`RestartPolicy`).
public struct RestartPolicy: Sendable, Equatable, Codable {
    /// `""` or `no`, `always`, `unless-stopped` or `on-failure`.
    public var name: String?
    /// How many times `on-failure` retries; 0 for no limit.
    public var maximumRetryCount: Int?

    /// Creates a policy.
    public init(name: String? = nil, maximumRetryCount: Int? = nil) {
        self.name = name
        self.maximumRetryCount = maximumRetryCount
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case maximumRetryCount = "MaximumRetryCount"
    }
}

/// The logging driver of a container (`LogConfig`).
public struct LogConfig: Sendable, Equatable, Codable {
    /// The driver (`json-file`, `local`, `none`, ...).
    public var type: String?
    /// Options of the driver.
    public var config: [String: String]?

    /// Creates a logging configuration.
    public init(type: String? = nil, config: [String: String]? = nil) {
        self.type = type
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type"
        case config = "Config"
    }
}

/// A resource limit (`Ulimits` items).
public struct Ulimit: Sendable, Equatable, Codable {
    /// The limit's name (`nofile`).
    public var name: String
    /// The soft limit.
    public var soft: Int64
    /// The hard limit.
    public var hard: Int64

    /// Creates a limit.
    public init(name: String, soft: Int64, hard: Int64) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case soft = "Soft"
        case hard = "Hard"
    }
}

/// A host device mapped into a container (`Devices` items).
public struct DeviceMapping: Sendable, Equatable, Codable {
    /// The device on the host.
    public var pathOnHost: String?
    /// The device path in the container.
    public var pathInContainer: String?
    /// The cgroup permissions: some of `r`, `w`, `m`.
    public var cgroupPermissions: String?

    /// Creates a mapping.
    public init(pathOnHost: String? = nil, pathInContainer: String? = nil, cgroupPermissions: String? = nil) {
        self.pathOnHost = pathOnHost
        self.pathInContainer = pathInContainer
        self.cgroupPermissions = cgroupPermissions
    }

    enum CodingKeys: String, CodingKey {
        case pathOnHost = "PathOnHost"
        case pathInContainer = "PathInContainer"
        case cgroupPermissions = "CgroupPermissions"
    }
}

/// A request for devices such as GPUs (`DeviceRequests` items).
public struct DeviceRequest: Sendable, Equatable, Codable {
    /// The device driver (`nvidia`).
    public var driver: String?
    /// How many devices; -1 for all.
    public var count: Int64?
    /// Specific device IDs.
    public var deviceIDs: [String]?
    /// Alternative sets of capabilities the devices must have.
    public var capabilities: [[String]]?
    /// Driver-specific options.
    public var options: [String: String]?

    /// Creates an empty request.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case driver = "Driver"
        case count = "Count"
        case deviceIDs = "DeviceIDs"
        case capabilities = "Capabilities"
        case options = "Options"
    }
}

/// A block IO limit for one device (`BlkioDeviceReadBps` items and the like).
public struct ThrottleDevice: Sendable, Equatable, Codable {
    /// The device path.
    public var path: String
    /// The rate.
    public var rate: Int64

    /// Creates a limit.
    public init(path: String, rate: Int64) {
        self.path = path
        self.rate = rate
    }

    enum CodingKeys: String, CodingKey {
        case path = "Path"
        case rate = "Rate"
    }
}

/// A block IO weight for one device (`BlkioWeightDevice` items).
public struct WeightDevice: Sendable, Equatable, Codable {
    /// The device path.
    public var path: String
    /// The weight.
    public var weight: Int

    /// Creates a weight.
    public init(path: String, weight: Int) {
        self.path = path
        self.weight = weight
    }

    enum CodingKeys: String, CodingKey {
        case path = "Path"
        case weight = "Weight"
    }
}
