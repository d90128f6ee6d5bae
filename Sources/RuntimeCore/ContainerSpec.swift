/// Everything the runtime needs to run one container; knows nothing of compose.
package struct ContainerSpec: Sendable, Equatable, Codable {
    /// Where the container's root filesystem comes from.
    package enum Root: Sendable, Equatable, Codable {
        /// A plain folder, bind-mounted onto itself.
        case directory(String)
        /// Overlayfs of read-only `lower` layers (top first) and a writable `upper`, mounted on `target`.
        case overlay(lower: [String], upper: String, work: String, target: String)
    }

    /// A namespace the container gets a new instance of.
    package enum Namespace: String, Sendable, CaseIterable, Comparable, Codable {
        case pid, mount, uts, ipc, network, cgroup

        /// The CLONE_NEW* flag for this namespace.
        package var cloneFlag: UInt64 {
            switch self {
            case .mount: 0x0002_0000
            case .cgroup: 0x0200_0000
            case .uts: 0x0400_0000
            case .ipc: 0x0800_0000
            case .pid: 0x2000_0000
            case .network: 0x4000_0000
            }
        }

        package static func < (lhs: Namespace, rhs: Namespace) -> Bool {
            lhs.cloneFlag < rhs.cloneFlag
        }
    }

    /// A bind or tmpfs mount inside the container (the standard /proc, /dev, /sys are built in).
    package struct Mount: Sendable, Equatable, Codable {
        package var type: String
        package var source: String
        package var destination: String
        package var options: [String]

        /// Makes a mount; `type` is `bind` or `tmpfs`.
        package init(type: String, source: String, destination: String, options: [String] = []) {
            self.type = type
            self.source = source
            self.destination = destination
            self.options = options
        }
    }

    package var root: Root
    package var readonlyRoot = false
    /// The container is removed when it exits (Docker's AutoRemove), so nothing of it has to outlive
    /// a power loss: an overlay root is mounted `volatile` (its upper is never synced) and the shim
    /// writes exit.json without fsync. Optional, so records written before it still decode.
    package var ephemeral: Bool?
    /// Docker's `init`: container-init stays as pid 1, forwards signals to the process and reaps
    /// zombies. Optional, as `shmSize`, so records written before these fields existed still decode.
    package var initProcess: Bool?
    /// The size of the container's /dev/shm tmpfs in bytes; nil is Docker's 64 MiB.
    package var shmSize: Int64?
    package var args: [String]
    package var env: [String] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    package var cwd = "/"
    package var hostname: String?
    /// New namespaces; `network` absent means the host's network (network_mode host).
    package var namespaces: Set<Namespace> = [.pid, .mount, .uts, .ipc, .network]
    /// Existing namespaces to join instead of making new ones, by file (`/proc/PID/ns/net` of another
    /// container, or a netns file the network code made): network_mode, pid and ipc `container:ID`.
    /// A namespace listed here must not be in `namespaces`.
    package var joinNamespaces: [Namespace: String] = [:]
    /// A new user namespace with these maps (`userns`); nil shares the host's. Everything is set up as
    /// real root, container-init joins it last (see Sources/container-init/README.md). Optional, so
    /// records written before it still decode.
    package var userNamespace: UserNamespace?
    package var mounts: [Mount] = []
    package var maskedPaths = ContainerSpec.defaultMaskedPaths
    package var readonlyPaths = ContainerSpec.defaultReadonlyPaths
    /// Canonical capability names (`CAP_CHOWN`) kept in the bounding, permitted and effective sets
    /// (inheritable and ambient are emptied); nil keeps every capability the engine has.
    package var capabilities: [String]? = Capabilities.sorted(Capabilities.dockerDefault)
    /// Sets no_new_privs before exec.
    package var noNewPrivileges = true
    /// The seccomp profile, installed last before exec; nil is `unconfined`.
    @StoredSeccompProfile package var seccomp: SeccompProfile?

    /// cgroup limits; applied when `cgroupPath` is set.
    package var resources = Resources()
    /// The container's cgroup relative to each hierarchy's root (`berth/<id>`); nil runs it in the engine's
    /// own cgroup, and then `resources` must be empty.
    package var cgroupPath: String?

    /// `user[:group]`, each a name (looked up in the container's /etc/passwd and /etc/group) or a number;
    /// nil is root.
    package var user: String?
    /// Supplementary groups by name or number, added to those /etc/group gives the user.
    package var additionalGroups: [String] = []
    package var rlimits: [Rlimit] = []
    /// Namespaced sysctls, written in the container's /proc/sys before the process starts.
    package var sysctls: [String: String] = [:]

    /// Docker's `privileged`: every capability, no no_new_privs, no seccomp.
    package mutating func makePrivileged() {
        capabilities = nil
        noNewPrivileges = false
        seccomp = nil
    }

    /// What the container's seccomp filter is built from: `seccomp` with its includes and excludes
    /// evaluated against the container's capabilities; nil when unconfined.
    package var resolvedSeccomp: SeccompProfile? {
        seccomp?.resolved(capabilities: capabilities ?? Capabilities.names)
    }

    /// Makes a spec running `args` on `root` with Docker's defaults and network none. The default
    /// profile is an argument so a caller with its own (an OCI bundle) never decodes Docker's.
    package init(root: Root, args: [String], seccomp: SeccompProfile? = .dockerDefault) {
        self.root = root
        self.args = args
        self.seccomp = seccomp
    }

    /// Docker's default masked paths.
    package static let defaultMaskedPaths = [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ]

    /// Docker's default read-only paths.
    package static let defaultReadonlyPaths = [
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ]

    /// The union of the clone flags of `namespaces`.
    package var cloneFlags: UInt64 {
        namespaces.reduce(0) { $0 | $1.cloneFlag }
    }
}
