/// The reply of `GET /containers/{id}/json`.
public struct ContainerInspect: Sendable, Equatable, Codable {
    /// The container's ID.
    public var id: String
    /// When it was created (RFC 3339 with nanoseconds).
    public var created: String?
    /// The program run.
    public var path: String?
    /// Its arguments.
    public var args: [String]?
    /// The run state.
    public var state: ContainerState?
    /// The image's ID.
    public var image: String?
    /// The path of its `resolv.conf` on the host.
    public var resolvConfPath: String?
    /// The path of its `hostname` on the host.
    public var hostnamePath: String?
    /// The path of its `hosts` on the host.
    public var hostsPath: String?
    /// The path of its log on the host.
    public var logPath: String?
    /// Its name, with a leading `/`.
    public var name: String?
    /// How many times the engine restarted it.
    public var restartCount: Int?
    /// The storage driver.
    public var driver: String?
    /// The platform (`linux`).
    public var platform: String?
    /// The SELinux mount label.
    public var mountLabel: String?
    /// The SELinux process label.
    public var processLabel: String?
    /// The AppArmor profile.
    public var appArmorProfile: String?
    /// The IDs of its exec instances.
    public var execIDs: [String]?
    /// Its host configuration.
    public var hostConfig: HostConfig?
    /// The size of its writable layer (with `size=true`).
    public var sizeRw: Int64?
    /// The size of its root file system (with `size=true`).
    public var sizeRootFs: Int64?
    /// Its mounts.
    public var mounts: [MountPoint]?
    /// Its portable configuration.
    public var config: ContainerConfig?
    /// Its network state.
    public var networkSettings: NetworkSettings?

    /// Creates a reply.
    public init(id: String, name: String? = nil, state: ContainerState? = nil, config: ContainerConfig? = nil) {
        self.id = id
        self.name = name
        self.state = state
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", created = "Created", path = "Path", args = "Args", state = "State", image = "Image"
        case resolvConfPath = "ResolvConfPath", hostnamePath = "HostnamePath", hostsPath = "HostsPath"
        case logPath = "LogPath", name = "Name", restartCount = "RestartCount", driver = "Driver"
        case platform = "Platform", mountLabel = "MountLabel", processLabel = "ProcessLabel"
        case appArmorProfile = "AppArmorProfile", execIDs = "ExecIDs", hostConfig = "HostConfig"
        case sizeRw = "SizeRw", sizeRootFs = "SizeRootFs", mounts = "Mounts", config = "Config"
        case networkSettings = "NetworkSettings"
    }
}

/// The run state of a container (`ContainerState`).
public struct ContainerState: Sendable, Equatable, Codable {
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    public var status: String?
    /// Whether it is running (also when paused).
    public var running: Bool?
    /// Whether it is paused.
    public var paused: Bool?
    /// Whether it is restarting.
    public var restarting: Bool?
    /// Whether the OOM killer ended it.
    public var oomKilled: Bool?
    /// Whether it is dead.
    public var dead: Bool?
    /// The process ID of its first process; 0 when not running.
    public var pid: Int?
    /// The exit code of its last run.
    public var exitCode: Int?
    /// The error of its last start.
    public var error: String?
    /// When it last started (RFC 3339).
    public var startedAt: String?
    /// When it last ended (RFC 3339).
    public var finishedAt: String?
    /// Its health, when it has a health check.
    public var health: Health?

    /// Creates a state.
    public init(status: String? = nil, running: Bool? = nil, exitCode: Int? = nil, health: Health? = nil) {
        self.status = status
        self.running = running
        self.exitCode = exitCode
        self.health = health
    }

    enum CodingKeys: String, CodingKey {
        case status = "Status", running = "Running", paused = "Paused", restarting = "Restarting"
        case oomKilled = "OOMKilled", dead = "Dead", pid = "Pid", exitCode = "ExitCode", error = "Error"
        case startedAt = "StartedAt", finishedAt = "FinishedAt", health = "Health"
    }
}

/// The health of a container (`Health`).
public struct Health: Sendable, Equatable, Codable {
    /// `none`, `starting`, `healthy` or `unhealthy`.
    public var status: String?
    /// Consecutive failed tests.
    public var failingStreak: Int?
    /// The last tests, oldest first.
    public var log: [HealthcheckResult]?

    /// Creates a health.
    public init(status: String? = nil, failingStreak: Int? = nil, log: [HealthcheckResult]? = nil) {
        self.status = status
        self.failingStreak = failingStreak
        self.log = log
    }

    enum CodingKeys: String, CodingKey {
        case status = "Status"
        case failingStreak = "FailingStreak"
        case log = "Log"
    }
}

/// One run of a health check test (`HealthcheckResult`).
public struct HealthcheckResult: Sendable, Equatable, Codable {
    /// When it started (RFC 3339).
    public var start: String?
    /// When it ended (RFC 3339).
    public var end: String?
    /// Its exit code: 0 healthy, 1 unhealthy.
    public var exitCode: Int?
    /// Its output.
    public var output: String?

    /// Creates a result.
    public init(start: String? = nil, end: String? = nil, exitCode: Int? = nil, output: String? = nil) {
        self.start = start
        self.end = end
        self.exitCode = exitCode
        self.output = output
    }

    enum CodingKeys: String, CodingKey {
        case start = "Start"
        case end = "End"
        case exitCode = "ExitCode"
        case output = "Output"
    }
}

/// The network state of a container (`NetworkSettings`).
public struct NetworkSettings: Sendable, Equatable, Codable {
    /// The bridge name (legacy).
    public var bridge: String?
    /// The sandbox's ID.
    public var sandboxID: String?
    /// Published ports: `"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]`; null when exposed only.
    public var ports: [String: [PortBinding]?]?
    /// The path of the network namespace.
    public var sandboxKey: String?
    /// The default network's endpoint ID (legacy).
    public var endpointID: String?
    /// The default network's gateway (legacy).
    public var gateway: String?
    /// The default network's IPv4 address (legacy).
    public var ipAddress: String?
    /// The default network's prefix length (legacy).
    public var ipPrefixLen: Int?
    /// The default network's MAC address (legacy).
    public var macAddress: String?
    /// Endpoint settings by network name.
    public var networks: [String: EndpointSettings]?

    /// Creates empty settings.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case bridge = "Bridge", sandboxID = "SandboxID", ports = "Ports", sandboxKey = "SandboxKey"
        case endpointID = "EndpointID", gateway = "Gateway", ipAddress = "IPAddress", ipPrefixLen = "IPPrefixLen"
        case macAddress = "MacAddress", networks = "Networks"
    }
}
