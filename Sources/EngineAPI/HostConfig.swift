/// The non-portable part of a container's configuration (`HostConfig`), with Docker's resource fields
/// (`Resources`) inlined as the API does.
public struct HostConfig: Sendable, Equatable, Codable {
    /// Bind mounts as `host-src:container-dest[:options]` or `volume-name:container-dest[:options]`.
    public var binds: [String]?
    /// The logging driver.
    public var logConfig: LogConfig?
    /// `bridge`, `host`, `none`, `container:<id>` or a network name.
    public var networkMode: String?
    /// Published ports: `"80/tcp": [{"HostIp": "", "HostPort": "8080"}]`.
    public var portBindings: [String: [PortBinding]]?
    /// When the engine restarts the container.
    public var restartPolicy: RestartPolicy?
    /// Whether the engine removes the container when it exits.
    public var autoRemove: Bool?
    /// The default volume driver for anonymous and named volumes.
    public var volumeDriver: String?
    /// Containers whose volumes are mounted: `name[:ro|rw]`.
    public var volumesFrom: [String]?
    /// Mounts (the long form of `Binds`, plus volumes and tmpfs).
    public var mounts: [Mount]?
    /// Terminal size as `[height, width]`.
    public var consoleSize: [Int]?
    /// OCI annotations.
    public var annotations: [String: String]?
    /// Capabilities added to the default set.
    public var capAdd: [String]?
    /// Capabilities dropped from the default set.
    public var capDrop: [String]?
    /// The cgroup namespace: `private` or `host`.
    public var cgroupnsMode: String?
    /// DNS servers.
    public var dns: [String]?
    /// DNS resolver options.
    public var dnsOptions: [String]?
    /// DNS search domains.
    public var dnsSearch: [String]?
    /// Extra `/etc/hosts` lines as `host:IP`.
    public var extraHosts: [String]?
    /// Additional groups of the container's process.
    public var groupAdd: [String]?
    /// The IPC namespace: `none`, `private`, `shareable`, `container:<id>` or `host`.
    public var ipcMode: String?
    /// The cgroup to use for the container.
    public var cgroup: String?
    /// Links to other containers as `name:alias`.
    public var links: [String]?
    /// The OOM score adjustment.
    public var oomScoreAdj: Int?
    /// The PID namespace: `container:<id>` or `host`.
    public var pidMode: String?
    /// Whether the container runs privileged.
    public var privileged: Bool?
    /// Whether every exposed port is published on a random host port.
    public var publishAllPorts: Bool?
    /// Whether the root file system is read-only.
    public var readonlyRootfs: Bool?
    /// Security options (`no-new-privileges`, `seccomp=...`, `label=...`).
    public var securityOpt: [String]?
    /// Storage driver options.
    public var storageOpt: [String: String]?
    /// Tmpfs mounts: path to mount options (`size=64m,mode=1777`).
    public var tmpfs: [String: String]?
    /// The UTS namespace: `host` or empty.
    public var utsMode: String?
    /// The user namespace mode.
    public var usernsMode: String?
    /// The size of `/dev/shm` in bytes.
    public var shmSize: Int64?
    /// Namespaced kernel parameters.
    public var sysctls: [String: String]?
    /// The OCI runtime.
    public var runtime: String?
    /// Paths masked in the container.
    public var maskedPaths: [String]?
    /// Paths made read-only in the container.
    public var readonlyPaths: [String]?

    // Resources (inlined by the API).

    /// The relative CPU weight.
    public var cpuShares: Int?
    /// The memory limit in bytes.
    public var memory: Int64?
    /// The parent cgroup.
    public var cgroupParent: String?
    /// The relative block IO weight, 10 to 1000.
    public var blkioWeight: Int?
    /// Block IO weights per device.
    public var blkioWeightDevice: [WeightDevice]?
    /// Read limits per device, in bytes per second.
    public var blkioDeviceReadBps: [ThrottleDevice]?
    /// Write limits per device, in bytes per second.
    public var blkioDeviceWriteBps: [ThrottleDevice]?
    /// Read limits per device, in operations per second.
    public var blkioDeviceReadIOps: [ThrottleDevice]?
    /// Write limits per device, in operations per second.
    public var blkioDeviceWriteIOps: [ThrottleDevice]?
    /// The CFS period, in microseconds.
    public var cpuPeriod: Int64?
    /// The CFS quota per period, in microseconds.
    public var cpuQuota: Int64?
    /// The real-time period, in microseconds.
    public var cpuRealtimePeriod: Int64?
    /// The real-time runtime per period, in microseconds.
    public var cpuRealtimeRuntime: Int64?
    /// The CPUs the container may run on (`0-3`, `0,1`).
    public var cpusetCpus: String?
    /// The memory nodes the container may use.
    public var cpusetMems: String?
    /// Host devices mapped into the container.
    public var devices: [DeviceMapping]?
    /// Device cgroup rules (`c 1:3 mr`).
    public var deviceCgroupRules: [String]?
    /// Requests for devices such as GPUs.
    public var deviceRequests: [DeviceRequest]?
    /// The memory soft limit in bytes.
    public var memoryReservation: Int64?
    /// Memory plus swap in bytes; -1 for unlimited swap.
    public var memorySwap: Int64?
    /// The memory swappiness, 0 to 100.
    public var memorySwappiness: Int64?
    /// CPU quota in units of 10⁻⁹ CPUs.
    public var nanoCpus: Int64?
    /// Whether the OOM killer spares the container.
    public var oomKillDisable: Bool?
    /// Whether an init process runs as PID 1.
    public var `init`: Bool?
    /// The maximum number of processes; 0 or -1 for no limit.
    public var pidsLimit: Int64?
    /// Resource limits (`nofile`, `nproc`).
    public var ulimits: [Ulimit]?

    /// Creates a host configuration with nothing set.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case binds = "Binds", logConfig = "LogConfig", networkMode = "NetworkMode", portBindings = "PortBindings"
        case restartPolicy = "RestartPolicy", autoRemove = "AutoRemove", volumeDriver = "VolumeDriver"
        case volumesFrom = "VolumesFrom", mounts = "Mounts", consoleSize = "ConsoleSize"
        case annotations = "Annotations", capAdd = "CapAdd", capDrop = "CapDrop", cgroupnsMode = "CgroupnsMode"
        case dns = "Dns", dnsOptions = "DnsOptions", dnsSearch = "DnsSearch", extraHosts = "ExtraHosts"
        case groupAdd = "GroupAdd", ipcMode = "IpcMode", cgroup = "Cgroup", links = "Links"
        case oomScoreAdj = "OomScoreAdj", pidMode = "PidMode", privileged = "Privileged"
        case publishAllPorts = "PublishAllPorts", readonlyRootfs = "ReadonlyRootfs", securityOpt = "SecurityOpt"
        case storageOpt = "StorageOpt", tmpfs = "Tmpfs", utsMode = "UTSMode", usernsMode = "UsernsMode"
        case shmSize = "ShmSize", sysctls = "Sysctls", runtime = "Runtime", maskedPaths = "MaskedPaths"
        case readonlyPaths = "ReadonlyPaths"
        case cpuShares = "CpuShares", memory = "Memory", cgroupParent = "CgroupParent", blkioWeight = "BlkioWeight"
        case blkioWeightDevice = "BlkioWeightDevice", blkioDeviceReadBps = "BlkioDeviceReadBps"
        case blkioDeviceWriteBps = "BlkioDeviceWriteBps", blkioDeviceReadIOps = "BlkioDeviceReadIOps"
        case blkioDeviceWriteIOps = "BlkioDeviceWriteIOps", cpuPeriod = "CpuPeriod", cpuQuota = "CpuQuota"
        case cpuRealtimePeriod = "CpuRealtimePeriod", cpuRealtimeRuntime = "CpuRealtimeRuntime"
        case cpusetCpus = "CpusetCpus", cpusetMems = "CpusetMems", devices = "Devices"
        case deviceCgroupRules = "DeviceCgroupRules", deviceRequests = "DeviceRequests"
        case memoryReservation = "MemoryReservation", memorySwap = "MemorySwap", memorySwappiness = "MemorySwappiness"
        case nanoCpus = "NanoCpus", oomKillDisable = "OomKillDisable", `init` = "Init", pidsLimit = "PidsLimit"
        case ulimits = "Ulimits"
    }
}
