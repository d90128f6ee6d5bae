/// The body of `POST /volumes/create`.
public struct VolumeCreateRequest: Sendable, Equatable, Codable {
    /// The volume's name; the engine picks one when empty.
    public var name: String?
    /// The driver (`local`).
    public var driver: String?
    /// Options of the driver.
    public var driverOpts: [String: String]?
    /// Labels.
    public var labels: [String: String]?

    /// Creates a request.
    public init(
        name: String? = nil, driver: String? = nil, driverOpts: [String: String]? = nil,
        labels: [String: String]? = nil
    ) {
        self.name = name
        self.driver = driver
        self.driverOpts = driverOpts
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case driver = "Driver"
        case driverOpts = "DriverOpts"
        case labels = "Labels"
    }
}

/// A volume (`Volume`).
public struct Volume: Sendable, Equatable, Codable {
    /// The volume's name.
    public var name: String
    /// The driver.
    public var driver: String?
    /// Where it is mounted on the host.
    public var mountpoint: String?
    /// When it was created (RFC 3339).
    public var createdAt: String?
    /// Labels.
    public var labels: [String: String]?
    /// `local` or `global`.
    public var scope: String?
    /// Options of the driver.
    public var options: [String: String]?
    /// Disk usage (from `GET /system/df` only).
    public var usageData: UsageData?

    /// Creates a volume.
    public init(name: String, driver: String? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.driver = driver
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", driver = "Driver", mountpoint = "Mountpoint", createdAt = "CreatedAt"
        case labels = "Labels", scope = "Scope", options = "Options", usageData = "UsageData"
    }

    /// Disk usage of a volume.
    public struct UsageData: Sendable, Equatable, Codable {
        /// Bytes used; -1 when unknown.
        public var size: Int64
        /// How many containers use it; -1 when unknown.
        public var refCount: Int64

        /// Creates a value.
        public init(size: Int64, refCount: Int64) {
            self.size = size
            self.refCount = refCount
        }

        enum CodingKeys: String, CodingKey {
            case size = "Size"
            case refCount = "RefCount"
        }
    }
}

/// The reply of `GET /volumes`.
public struct VolumeListResponse: Sendable, Equatable, Codable {
    /// The volumes.
    public var volumes: [Volume]?
    /// Warnings met while listing.
    public var warnings: [String]?

    /// Creates a reply.
    public init(volumes: [Volume]? = nil, warnings: [String]? = nil) {
        self.volumes = volumes
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case volumes = "Volumes"
        case warnings = "Warnings"
    }
}
