/// A mount of a service's containers (`volumes`, long syntax).
public struct ServiceVolume: Sendable, Equatable, Codable {
    /// `bind`, `volume`, `tmpfs`, `image`, `npipe` or `cluster`.
    public var type: String?
    /// The host path, volume name or image; none for an anonymous volume.
    public var source: String?
    /// The path in the container.
    public var target: String?
    /// Whether the mount is read-only.
    public var readOnly: Bool?
    /// The consistency requirement (macOS).
    public var consistency: String?
    /// Options of a bind mount.
    public var bind: BindOptions?
    /// Options of a volume mount.
    public var volume: VolumeOptions?
    /// Options of a tmpfs mount.
    public var tmpfs: TmpfsOptions?
    /// Options of an image mount.
    public var image: ImageOptions?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case type
        case source
        case target
        case readOnly = "read_only"
        case consistency
        case bind
        case volume
        case tmpfs
        case image
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

extension ServiceVolume {
    /// Options of a bind mount.
    public struct BindOptions: Sendable, Equatable, Codable {
        /// The SELinux relabelling: `z` (shared) or `Z` (private).
        public var selinux: String?
        /// The mount propagation (`rprivate`, `shared`, ...).
        public var propagation: String?
        /// Whether a missing host path is created (default true).
        public var createHostPath: Bool?
        /// Submount handling: `enabled`, `disabled`, `writable` or `readonly`.
        public var recursive: String?
        /// The `x-` extension fields.
        public var extensions: Extensions?

        /// Creates an empty value.
        public init() {}

        enum CodingKeys: String, ModelKey {
            case selinux
            case propagation
            case createHostPath = "create_host_path"
            case recursive
            case extensions

            var rule: FieldRule {
                switch self {
                case .createHostPath: .optOut
                case .extensions: .inlineExtensions(inJSON: false)
                default: .omitEmpty
                }
            }
        }
    }

    /// Options of a volume mount.
    public struct VolumeOptions: Sendable, Equatable, Codable {
        /// Labels of the volume when it is created.
        public var labels: [String: String]?
        /// Whether the image's content at the target is not copied into a new volume.
        public var noCopy: Bool?
        /// A path inside the volume to mount instead of its root.
        public var subpath: String?
        /// The `x-` extension fields.
        public var extensions: Extensions?

        /// Creates an empty value.
        public init() {}

        enum CodingKeys: String, ModelKey {
            case labels
            case noCopy = "nocopy"
            case subpath
            case extensions

            var rule: FieldRule {
                switch self {
                case .extensions: .inlineExtensions(inJSON: false)
                default: .omitEmpty
                }
            }
        }
    }

    /// Options of a tmpfs mount.
    public struct TmpfsOptions: Sendable, Equatable, Codable {
        /// The size of the tmpfs.
        public var size: ByteSize?
        /// The file mode of the tmpfs root.
        public var mode: UInt32?
        /// The `x-` extension fields.
        public var extensions: Extensions?

        /// Creates an empty value.
        public init() {}

        enum CodingKeys: String, ModelKey {
            case size
            case mode
            case extensions

            var rule: FieldRule {
                switch self {
                case .extensions: .inlineExtensions(inJSON: false)
                default: .omitEmpty
                }
            }
        }
    }

    /// Options of an image mount.
    public struct ImageOptions: Sendable, Equatable, Codable {
        /// A path inside the image to mount instead of its root.
        public var subpath: String?
        /// The `x-` extension fields.
        public var extensions: Extensions?

        /// Creates an empty value.
        public init() {}

        enum CodingKeys: String, ModelKey {
            case subpath
            case extensions

            var rule: FieldRule {
                switch self {
                case .extensions: .inlineExtensions(inJSON: false)
                default: .omitEmpty
                }
            }
        }
    }
}
