/// One container in the reply of `GET /containers/json`.
public struct ContainerSummary: Sendable, Equatable, Codable {
    /// The container's ID.
    public var id: String
    /// Its names, each with a leading `/`.
    public var names: [String]?
    /// The image as given at creation.
    public var image: String?
    /// The image's ID.
    public var imageID: String?
    /// The command line, as one string.
    public var command: String?
    /// When it was created, in seconds since the epoch.
    public var created: Int64?
    /// Its ports and where they are published.
    public var ports: [Port]?
    /// The size of its writable layer (with `size=true`).
    public var sizeRw: Int64?
    /// The size of its root file system (with `size=true`).
    public var sizeRootFs: Int64?
    /// Labels.
    public var labels: [String: String]?
    /// `created`, `running`, `paused`, `restarting`, `exited`, `removing` or `dead`.
    public var state: String?
    /// The human-readable status (`Up 2 minutes`, `Exited (0) 3 seconds ago`).
    public var status: String?
    /// Part of its host configuration.
    public var hostConfig: SummaryHostConfig?
    /// The networks it is connected to.
    public var networkSettings: SummaryNetworkSettings?
    /// Its mounts.
    public var mounts: [MountPoint]?

    /// Creates a summary.
    public init(id: String, names: [String]? = nil, labels: [String: String]? = nil, state: String? = nil) {
        self.id = id
        self.names = names
        self.labels = labels
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", image = "Image", imageID = "ImageID", command = "Command"
        case created = "Created", ports = "Ports", sizeRw = "SizeRw", sizeRootFs = "SizeRootFs"
        case labels = "Labels", state = "State", status = "Status", hostConfig = "HostConfig"
        case networkSettings = "NetworkSettings", mounts = "Mounts"
    }

    /// Part of the host configuration in a container summary.
    public struct SummaryHostConfig: Sendable, Equatable, Codable {
        /// The network mode.
        public var networkMode: String?
        /// OCI annotations.
        public var annotations: [String: String]?

        /// Creates a value.
        public init(networkMode: String? = nil) {
            self.networkMode = networkMode
        }

        enum CodingKeys: String, CodingKey {
            case networkMode = "NetworkMode"
            case annotations = "Annotations"
        }
    }

    /// The networks of a container in a summary.
    public struct SummaryNetworkSettings: Sendable, Equatable, Codable {
        /// Endpoint settings by network name.
        public var networks: [String: EndpointSettings]?

        /// Creates a value.
        public init(networks: [String: EndpointSettings]? = nil) {
            self.networks = networks
        }

        enum CodingKeys: String, CodingKey {
            case networks = "Networks"
        }
    }
}

/// A container port and where it is published (`Port`).
public struct Port: Sendable, Hashable, Codable {
    /// The host address it is published on.
    public var ip: String?
    /// The port in the container.
    public var privatePort: Int
    /// The port on the host, when published.
    public var publicPort: Int?
    /// `tcp`, `udp` or `sctp`.
    public var type: String

    /// Creates a port.
    public init(ip: String? = nil, privatePort: Int, publicPort: Int? = nil, type: String = "tcp") {
        self.ip = ip
        self.privatePort = privatePort
        self.publicPort = publicPort
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case ip = "IP"
        case privatePort = "PrivatePort"
        case publicPort = "PublicPort"
        case type = "Type"
    }
}

/// A mount as a container reports it (`MountPoint`).
public struct MountPoint: Sendable, Equatable, Codable {
    /// `bind`, `volume`, `tmpfs`, `npipe` or `cluster`.
    public var type: String?
    /// The volume's name, for a volume.
    public var name: String?
    /// The host path or the volume's mount point.
    public var source: String?
    /// The path in the container.
    public var destination: String?
    /// The volume driver.
    public var driver: String?
    /// Mount options (`z`, `ro`, ...).
    public var mode: String?
    /// Whether the mount is writable.
    public var rw: Bool?
    /// The propagation mode.
    public var propagation: String?

    /// Creates a mount point.
    public init(type: String? = nil, name: String? = nil, destination: String? = nil) {
        self.type = type
        self.name = name
        self.destination = destination
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type", name = "Name", source = "Source", destination = "Destination", driver = "Driver"
        case mode = "Mode", rw = "RW", propagation = "Propagation"
    }
}
