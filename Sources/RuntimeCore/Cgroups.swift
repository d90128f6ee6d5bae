import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One container's cgroup: created before the container runs its process, removed after it exits.
/// Works on cgroup v1 (a hierarchy per controller, as these machines have) and v2 (unified). Every
/// path is under `root`, so tests use a folder of fake control files.
package struct Cgroups: Sendable {
    /// The layout found under the root.
    package enum Version: Sendable, Equatable {
        /// One hierarchy per controller: controller name to its folder (`memory` → root/memory).
        case v1([String: String])
        case v2
    }

    package var root: String
    package var version: Version
    /// The container's cgroup, relative to each hierarchy's root (`berth/c1`).
    package var path: String

    /// The v1 controllers berth uses; `cpu` and `cpuacct` may share one folder (`cpu,cpuacct`).
    static let v1Controllers = ["memory", "cpu", "cpuacct", "pids", "cpuset", "blkio", "freezer"]

    /// Probes `root`: v2 when it holds cgroup.controllers, else a v1 folder per controller.
    package init(root: String = "/sys/fs/cgroup", path: String) throws {
        self.root = root
        self.path = path
        guard !path.isEmpty, !path.split(separator: "/").contains("..") else {
            throw EngineError(.invalidSpec, "cgroup path \"\(path)\" is not a relative path below the parent")
        }
        version = try Self.layout(of: root)
    }

    /// What `root` holds, probed once per process: the layout does not change while the daemon
    /// runs, and the probe (a stat and a realpath per controller, 30 syscalls) sat on every start,
    /// inspect and wait.
    private static func layout(of root: String) throws -> Version {
        if let known = layouts.withLock({ $0[root] }) { return known }
        let found: Version
        if access(root + "/cgroup.controllers", F_OK) == 0 {
            found = .v2
        } else {
            var folders: [String: String] = [:]
            // Canonical folders (root/cpu → root/cpu,cpuacct), so hierarchies that controllers
            // share dedupe.
            for controller in v1Controllers where isDirectory(root + "/" + controller) {
                folders[controller] = canonical(root + "/" + controller)
            }
            guard folders["memory"] != nil || folders["pids"] != nil else {
                throw EngineError(.unsupported, "no cgroup v1 or v2 hierarchy under \(root)")
            }
            found = .v1(folders)
        }
        layouts.withLock { $0[root] = found }
        return found
    }

    private static let layouts = Mutex<[String: Version]>([:])

    /// The container's folders, one per hierarchy (deduplicated when controllers share one).
    package var folders: [String] {
        switch version {
        case .v2: return [root + "/" + path]
        case .v1(let controllers):
            var seen: Set<String> = []
            return controllers.keys.sorted().compactMap { controller in
                let folder = (controllers[controller] ?? "") + "/" + path
                return seen.insert(folder).inserted ? folder : nil
            }
        }
    }

    /// Creates the cgroup and writes `resources`; on failure removes what it made.
    package func create(_ resources: Resources) throws {
        try resources.validate()
        do {
            switch version {
            case .v2: try createV2(resources)
            case .v1(let controllers): try createV1(resources, controllers)
            }
        } catch {
            remove()
            throw error
        }
    }

    /// The files container-init writes "0" to, first thing, to move itself in (v1 only). A thread
    /// that moves itself skips the kernel's threadgroup lock; writing another process's pid to
    /// cgroup.procs takes that lock, and waiting out its RCU grace period cost about 10 ms per
    /// container start here. container-init is single-threaded, so the thread is the whole process.
    package var selfJoinFiles: [String] {
        switch version {
        case .v2: return []
        case .v1: return folders.map { $0 + "/tasks" }
        }
    }

    /// Whether the process is moved in from outside (`join`, v2) rather than by itself (v1).
    package var joinsFromOutside: Bool {
        if case .v2 = version { return true }
        return false
    }

    /// Moves `pid` into the cgroup from outside, before container-init receives its spec (so before
    /// exec). Only v2 needs it: container-init joins v1 hierarchies itself (`selfJoinFiles`).
    package func join(_ pid: Int32) throws {
        guard case .v2 = version else { return }
        for folder in folders { try write(folder + "/cgroup.procs", String(pid)) }
    }

    /// Whether the kernel's OOM killer killed a process in the cgroup.
    package func oomKilled() -> Bool {
        let file: String
        switch version {
        case .v2: file = root + "/" + path + "/memory.events"
        case .v1(let controllers):
            guard let memory = controllers["memory"] else { return false }
            file = memory + "/" + path + "/memory.oom_control"
        }
        guard let text = Self.read(file) else { return false }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "oom_kill", let count = Int(fields[1]) { return count > 0 }
        }
        return false
    }

    /// Removes the container's folders (leaf first), killing stragglers of the container's own pid
    /// namespace that the kernel has not reaped yet; the parent folders stay.
    package func remove() {
        // No stat first: rmdir says ENOENT for a folder already gone.
        for folder in folders {
            for attempt in 0..<200 {
                if rmdir(folder) == 0 || errno == ENOENT { break }
                guard errno == EBUSY, attempt < 199 else { break }
                for pid in (Self.read(folder + "/cgroup.procs") ?? "").split(separator: "\n").compactMap({ Int32($0) })
                {
                    kill(pid, SIGKILL)
                }
                usleep(5000)
            }
        }
    }

    private func createV1(_ resources: Resources, _ controllers: [String: String]) throws {
        for folder in folders { try makeFolders(folder, base: root) }
        if let cpuset = controllers["cpuset"] { try inheritCpuset(cpuset) }
        if let memory = controllers["memory"] {
            let folder = memory + "/" + path
            if let limit = resources.memory {
                try write(folder + "/memory.limit_in_bytes", String(limit))
                let swap = resources.memorySwap ?? limit * 2
                if access(folder + "/memory.memsw.limit_in_bytes", F_OK) == 0 {
                    try write(folder + "/memory.memsw.limit_in_bytes", String(swap))
                } else if resources.memorySwap != nil && swap != -1 {
                    throw EngineError(
                        .unsupported, "resources: memory_swap needs swap accounting, which this host lacks")
                }
            }
            if let reservation = resources.memoryReservation {
                try write(folder + "/memory.soft_limit_in_bytes", String(reservation))
            }
        } else if resources.memory != nil || resources.memoryReservation != nil {
            throw EngineError(
                .unsupported, "resources: memory limits need the memory controller, which this host lacks")
        }
        let cpu = controllers["cpu"].map { $0 + "/" + path }
        try writeOptional(cpu, "cpu.cfs_period_us", resources.cpuPeriod.map(String.init), field: "cpu_period")
        try writeOptional(cpu, "cpu.cfs_quota_us", resources.cpuQuota.map(String.init), field: "cpus")
        try writeOptional(cpu, "cpu.shares", resources.cpuShares.map(String.init), field: "cpu_shares")
        let cpuset = controllers["cpuset"].map { $0 + "/" + path }
        try writeOptional(cpuset, "cpuset.cpus", resources.cpusetCpus, field: "cpuset")
        try writeOptional(cpuset, "cpuset.mems", resources.cpusetMems, field: "cpuset_mems")
        let pids = controllers["pids"].map { $0 + "/" + path }
        let pidsMax = resources.pidsLimit.map { $0 > 0 ? String($0) : "max" }
        try writeOptional(pids, "pids.max", pidsMax, field: "pids_limit")
        let blkio = controllers["blkio"].map { $0 + "/" + path }
        try writeOptional(blkio, "blkio.weight", resources.blkioWeight.map(String.init), field: "blkio_weight")
    }

    private func createV2(_ resources: Resources) throws {
        let available = Set((Self.read(root + "/cgroup.controllers") ?? "").split(whereSeparator: \.isWhitespace))
        var wanted = ["cpu", "cpuset", "io", "memory", "pids"].filter { available.contains(Substring($0)) }
        wanted.sort()
        // Each ancestor delegates the controllers to its children; the leaf holds the process.
        var current = root
        let components = path.split(separator: "/")
        for component in components {
            if !wanted.isEmpty {
                try write(current + "/cgroup.subtree_control", wanted.map { "+" + $0 }.joined(separator: " "))
            }
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw EngineError(
                    .systemCall, "cannot create cgroup",
                    cause: SystemCallError(call: "mkdir", errno: errno, path: current))
            }
        }
        let folder: String? = current
        func has(_ controller: String) -> String? { available.contains(Substring(controller)) ? folder : nil }
        try writeOptional(has("memory"), "memory.max", resources.memory.map(String.init), field: "memory")
        try writeOptional(
            has("memory"), "memory.low", resources.memoryReservation.map(String.init), field: "memory_reservation")
        if let limit = resources.memory {
            let total = resources.memorySwap ?? limit * 2
            let swap = total == -1 ? "max" : String(total - limit)
            if access(current + "/memory.swap.max", F_OK) == 0 { try write(current + "/memory.swap.max", swap) }
        }
        if resources.cpuQuota != nil || resources.cpuPeriod != nil {
            let quota = resources.cpuQuota.map { $0 > 0 ? String($0) : "max" } ?? "max"
            try writeOptional(has("cpu"), "cpu.max", "\(quota) \(resources.cpuPeriod ?? 100_000)", field: "cpus")
        }
        // runc's conversion of shares (2...262144) to weight (1...10000).
        let weight = resources.cpuShares.map { String(1 + (($0 - 2) * 9999) / 262_142) }
        try writeOptional(has("cpu"), "cpu.weight", weight, field: "cpu_shares")
        try writeOptional(has("cpuset"), "cpuset.cpus", resources.cpusetCpus, field: "cpuset")
        try writeOptional(has("cpuset"), "cpuset.mems", resources.cpusetMems, field: "cpuset_mems")
        try writeOptional(
            has("pids"), "pids.max", resources.pidsLimit.map { $0 > 0 ? String($0) : "max" }, field: "pids_limit")
        let io = resources.blkioWeight.map { String(1 + ((UInt32($0) - 10) * 9999) / 990) }
        try writeOptional(has("io"), "io.weight", io, field: "blkio_weight")
    }

    /// Writes `value` when set; a missing controller or control file is an `unsupported` error naming `field`.
    private func writeOptional(_ folder: String?, _ file: String, _ value: String?, field: String) throws {
        guard let value else { return }
        guard let folder, access(folder + "/" + file, F_OK) == 0 else {
            throw EngineError(.unsupported, "resources: \(field) is not available on this host (no \(file))")
        }
        try write(folder + "/" + file, value)
    }

    /// mkdir -p below `base`.
    private func makeFolders(_ folder: String, base: String) throws {
        var current = ""
        for component in folder.split(separator: "/") {
            current += "/" + component
            if current.count <= base.count { continue }
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw EngineError(
                    .systemCall, "cannot create cgroup",
                    cause: SystemCallError(call: "mkdir", errno: errno, path: current))
            }
        }
    }

    /// A new v1 cpuset folder starts with no cpus and mems, and nothing can join it: copy the parent's
    /// values down the path where they are empty.
    private func inheritCpuset(_ hierarchy: String) throws {
        var parent = hierarchy
        for component in path.split(separator: "/") {
            let current = parent + "/" + component
            for file in ["cpuset.cpus", "cpuset.mems"] {
                let own = (Self.read(current + "/" + file) ?? "").filter { !$0.isWhitespace }
                let inherited = (Self.read(parent + "/" + file) ?? "").filter { !$0.isWhitespace }
                if own.isEmpty && !inherited.isEmpty { try write(current + "/" + file, inherited) }
            }
            parent = current
        }
    }

    func write(_ file: String, _ value: String) throws {
        let fd = open(file, O_WRONLY | O_CLOEXEC | O_TRUNC)
        guard fd >= 0 else {
            throw EngineError(
                .systemCall, "cannot write \(value) to cgroup",
                cause: SystemCallError(call: "open", errno: errno, path: file))
        }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard count == bytes.count else {
            throw EngineError(
                .invalidSpec, "cgroup refused \(value)", cause: SystemCallError(call: "write", errno: errno, path: file)
            )
        }
    }

    static func read(_ file: String) -> String? {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The folder a symlink such as root/cpu → cpu,cpuacct points at, so shared hierarchies dedupe.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
