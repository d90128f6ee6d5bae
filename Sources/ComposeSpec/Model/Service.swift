/// One service of a compose project: how to build or pull its image and how to run its containers.
/// Every attribute of the Compose Specification's service definition is here, optional when unset; the
/// field order is compose-go's, which is the order `berth config` writes.
public struct Service: Sendable, Equatable, Codable {
    /// The service's name: its key under `services`.
    public var name: String = ""
    /// Profiles that enable the service; a service without profiles is always enabled.
    public var profiles: [String]?
    /// Annotations for the containers (OCI annotations).
    public var annotations: [String: String]?
    /// Whether `up` attaches to the service's logs (default true).
    public var attach: Bool?
    /// How to build the service's image.
    public var build: BuildConfig?
    /// Development settings: files to watch and what to do when they change.
    public var develop: DevelopConfig?
    /// Block IO limits.
    public var blkioConfig: BlkioConfig?
    /// Kernel capabilities added to the containers.
    public var capAdd: [String]?
    /// Kernel capabilities dropped from the containers.
    public var capDrop: [String]?
    /// The parent cgroup of the containers.
    public var cgroupParent: String?
    /// The cgroup namespace: `host` or `private`.
    public var cgroup: String?
    /// The number of usable CPUs (Windows).
    public var cpuCount: Int64?
    /// The usable percentage of the CPUs (Windows).
    public var cpuPercent: Float?
    /// The CFS scheduler period, in microseconds.
    public var cpuPeriod: Int64?
    /// The CFS scheduler quota per period, in microseconds.
    public var cpuQuota: Int64?
    /// The real-time scheduler period, in microseconds.
    public var cpuRealtimePeriod: Int64?
    /// The real-time scheduler runtime per period, in microseconds.
    public var cpuRealtimeRuntime: Int64?
    /// The number of CPUs the containers may use (fractional).
    public var cpus: Float?
    /// The CPUs the containers may run on (`0-3`, `0,1`).
    public var cpuset: String?
    /// The relative CPU weight.
    public var cpuShares: Int64?
    /// The command, overriding the image's `CMD`; empty clears it.
    public var command: ShellCommand?
    /// The configs mounted into the containers.
    public var configs: [ServiceFileReference]?
    /// A fixed container name instead of the generated one.
    public var containerName: String?
    /// The credential spec of a managed service account (Windows).
    public var credentialSpec: CredentialSpec?
    /// The services to start first, by name.
    public var dependsOn: [String: ServiceDependency]?
    /// Deployment settings: replicas, resources, restart policy.
    public var deploy: DeployConfig?
    /// Device cgroup rules (`c 1:3 mr`).
    public var deviceCgroupRules: [String]?
    /// Host devices mapped into the containers.
    public var devices: [DeviceMapping]?
    /// DNS servers.
    public var dns: [String]?
    /// DNS resolver options.
    public var dnsOptions: [String]?
    /// DNS search domains.
    public var dnsSearch: [String]?
    /// The containers' domain name.
    public var domainName: String?
    /// The entrypoint, overriding the image's; empty clears it.
    public var entrypoint: ShellCommand?
    /// A provider that manages the service instead of containers.
    public var provider: ProviderConfig?
    /// Environment variables; a nil value is set only if the variable is defined where berth runs.
    public var environment: [String: String?]?
    /// Files of environment variables, read in order.
    public var envFiles: [EnvFile]?
    /// Ports exposed to linked services only (`3000`, `8000-8010/udp`).
    public var expose: [String]?
    /// The service this one extends (resolved while loading).
    public var extends: ExtendsConfig?
    /// Links to containers outside the project (`name:alias`).
    public var externalLinks: [String]?
    /// Extra `/etc/hosts` entries.
    public var extraHosts: HostList?
    /// Additional groups of the container user.
    public var groupAdd: [String]?
    /// GPU devices reserved for the containers.
    public var gpus: [DeviceRequest]?
    /// The containers' host name.
    public var hostname: String?
    /// The health check, overriding the image's.
    public var healthcheck: HealthCheck?
    /// The image to run.
    public var image: String?
    /// Whether an init process runs as PID 1 to reap zombies (`init`).
    public var initProcess: Bool?
    /// The IPC namespace: `private`, `shareable`, `host`, `service:NAME` or `container:ID`.
    public var ipc: String?
    /// The isolation technology (Windows).
    public var isolation: String?
    /// Labels of the containers.
    public var labels: [String: String]?
    /// Files of labels, read in order.
    public var labelFiles: [String]?
    /// Network links to other services (`service:alias`).
    public var links: [String]?
    /// The logging driver and its options.
    public var logging: LoggingConfig?
    /// The MAC address of the containers.
    public var macAddress: String?
    /// The memory limit.
    public var memoryLimit: ByteSize?
    /// The memory soft limit.
    public var memoryReservation: ByteSize?
    /// The memory plus swap limit; -1 for unlimited swap.
    public var memorySwapLimit: ByteSize?
    /// The swappiness, 0 to 100 (compose-go keeps it as a byte count and writes it as text).
    public var memorySwappiness: ByteSize?
    /// The AI models the service uses, by name; nil for the defaults.
    public var models: [String: ServiceModel?]?
    /// The network namespace: `bridge`, `host`, `none`, `service:NAME` or `container:ID`.
    public var networkMode: String?
    /// The networks the service joins, by name; nil for the defaults.
    public var networks: [String: ServiceNetwork?]?
    /// Whether the OOM killer spares the containers.
    public var oomKillDisable: Bool?
    /// The OOM score adjustment, -1000 to 1000.
    public var oomScoreAdjustment: Int64?
    /// The PID namespace: `host`, `service:NAME` or `container:ID`.
    public var pid: String?
    /// The maximum number of processes; -1 for no limit.
    public var pidsLimit: Int64?
    /// The platform of the image (`linux/arm64`).
    public var platform: String?
    /// The ports published to the host.
    public var ports: [ServicePort]?
    /// Whether the containers run privileged.
    public var privileged: Bool?
    /// When to pull the image: `always`, `never`, `missing`, `build`, `daily`, `every_12h`, ...
    public var pullPolicy: String?
    /// How long a pulled image stays fresh before `refresh` pulls again.
    public var pullRefreshAfter: String?
    /// Whether the root file system is read-only.
    public var readOnly: Bool?
    /// The restart policy: `no`, `always`, `on-failure[:N]` or `unless-stopped`.
    public var restart: String?
    /// The OCI runtime.
    public var runtime: String?
    /// The number of containers.
    public var scale: Int?
    /// The secrets mounted into the containers.
    public var secrets: [ServiceFileReference]?
    /// Security options (`label=...`, `seccomp=...`, `no-new-privileges`).
    public var securityOptions: [String]?
    /// The size of `/dev/shm`.
    public var shmSize: ByteSize?
    /// Whether standard input stays open.
    public var stdinOpen: Bool?
    /// How long to wait after the stop signal before killing.
    public var stopGracePeriod: ComposeDuration?
    /// The signal that stops the containers.
    public var stopSignal: String?
    /// Storage driver options.
    public var storageOptions: [String: String]?
    /// Kernel parameters set in the containers.
    public var sysctls: [String: String]?
    /// Paths mounted as tmpfs.
    public var tmpfs: [String]?
    /// Whether the containers get a terminal.
    public var tty: Bool?
    /// Resource limits, by name (`nofile`, `nproc`).
    public var ulimits: [String: Ulimit]?
    /// Whether the engine's API socket is mounted into the containers.
    public var usesAPISocket: Bool?
    /// The user (`name`, `uid`, `uid:gid`).
    public var user: String?
    /// The user namespace mode.
    public var usernsMode: String?
    /// The UTS namespace: `host` or none.
    public var uts: String?
    /// The mounts of the containers.
    public var volumes: [ServiceVolume]?
    /// Services or containers whose volumes are mounted (`service:NAME[:ro]`).
    public var volumesFrom: [String]?
    /// The working directory.
    public var workingDir: String?
    /// Commands run in a container after it starts.
    public var postStart: [ServiceHook]?
    /// Commands run in a container before it stops.
    public var preStop: [ServiceHook]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates a service with nothing set.
    public init(name: String = "") {
        self.name = name
    }
}
