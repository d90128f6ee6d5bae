/// Everything the runtime needs to run one container; knows nothing of compose.
package struct ContainerSpec: Sendable, Equatable {
    /// Where the container's root filesystem comes from.
    package enum Root: Sendable, Equatable {
        /// A plain folder, bind-mounted onto itself.
        case directory(String)
        /// Overlayfs of read-only `lower` layers (top first) and a writable `upper`, mounted on `target`.
        case overlay(lower: [String], upper: String, work: String, target: String)
    }

    /// A namespace the container gets a new instance of.
    package enum Namespace: String, Sendable, CaseIterable, Comparable {
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
    package struct Mount: Sendable, Equatable {
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
    package var args: [String]
    package var env: [String] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    package var cwd = "/"
    package var hostname: String?
    /// New namespaces; `network` absent means the host's network (network_mode host).
    package var namespaces: Set<Namespace> = [.pid, .mount, .uts, .ipc, .network]
    package var mounts: [Mount] = []
    package var maskedPaths = ContainerSpec.defaultMaskedPaths
    package var readonlyPaths = ContainerSpec.defaultReadonlyPaths

    /// Makes a spec running `args` on `root` with Docker's defaults and network none.
    package init(root: Root, args: [String]) {
        self.root = root
        self.args = args
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
