/// A mount of a container (`HostConfig.Mounts` items): a bind mount, a volume or a tmpfs.
public struct Mount: Sendable, Equatable, Codable {
    /// The path in the container.
    public var target: String?
    /// The host path (bind) or volume name (volume); none for an anonymous volume or a tmpfs.
    public var source: String?
    /// `bind`, `volume`, `tmpfs`, `npipe` or `cluster`.
    public var type: String?
    /// Whether the mount is read-only.
    public var readOnly: Bool?
    /// The consistency requirement (macOS; ignored on Linux).
    public var consistency: String?
    /// Options of a bind mount.
    public var bindOptions: BindOptions?
    /// Options of a volume mount.
    public var volumeOptions: VolumeOptions?
    /// Options of a tmpfs mount.
    public var tmpfsOptions: TmpfsOptions?

    /// Creates a mount.
    public init(type: String? = nil, source: String? = nil, target: String? = nil, readOnly: Bool? = nil) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }

    enum CodingKeys: String, CodingKey {
        case target = "Target"
        case source = "Source"
        case type = "Type"
        case readOnly = "ReadOnly"
        case consistency = "Consistency"
        case bindOptions = "BindOptions"
        case volumeOptions = "VolumeOptions"
        case tmpfsOptions = "TmpfsOptions"
    }

    /// Options of a bind mount.
    public struct BindOptions: Sendable, Equatable, Codable {
        /// The propagation mode (`rprivate`, `shared`, ...).
        public var propagation: String?
        /// Whether submounts are left out.
        public var nonRecursive: Bool?
        /// Whether a missing host path is created.
        public var createMountpoint: Bool?
        /// Whether submounts stay writable in a read-only bind.
        public var readOnlyNonRecursive: Bool?
        /// Whether submounts are made read-only too, failing if they cannot be.
        public var readOnlyForceRecursive: Bool?

        /// Creates empty options.
        public init() {}

        enum CodingKeys: String, CodingKey {
            case propagation = "Propagation"
            case nonRecursive = "NonRecursive"
            case createMountpoint = "CreateMountpoint"
            case readOnlyNonRecursive = "ReadOnlyNonRecursive"
            case readOnlyForceRecursive = "ReadOnlyForceRecursive"
        }
    }

    /// Options of a volume mount.
    public struct VolumeOptions: Sendable, Equatable, Codable {
        /// Whether the image's content at the target is not copied into a new volume.
        public var noCopy: Bool?
        /// Labels of the volume when it is created.
        public var labels: [String: String]?
        /// The driver that creates the volume.
        public var driverConfig: DriverConfig?
        /// A path inside the volume to mount instead of its root (API 1.45).
        public var subpath: String?

        /// Creates empty options.
        public init() {}

        enum CodingKeys: String, CodingKey {
            case noCopy = "NoCopy"
            case labels = "Labels"
            case driverConfig = "DriverConfig"
            case subpath = "Subpath"
        }
    }

    /// The driver of a volume and its options.
    public struct DriverConfig: Sendable, Equatable, Codable {
        /// The driver's name.
        public var name: String?
        /// Options of the driver.
        public var options: [String: String]?

        /// Creates a driver configuration.
        public init(name: String? = nil, options: [String: String]? = nil) {
            self.name = name
            self.options = options
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case options = "Options"
        }
    }

    /// Options of a tmpfs mount.
    public struct TmpfsOptions: Sendable, Equatable, Codable {
        /// The size in bytes; none for unlimited.
        public var sizeBytes: Int64?
        /// The file mode of the root, as an integer.
        public var mode: UInt32?

        /// Creates options.
        public init(sizeBytes: Int64? = nil, mode: UInt32? = nil) {
            self.sizeBytes = sizeBytes
            self.mode = mode
        }

        enum CodingKeys: String, CodingKey {
            case sizeBytes = "SizeBytes"
            case mode = "Mode"
        }
    }
}
