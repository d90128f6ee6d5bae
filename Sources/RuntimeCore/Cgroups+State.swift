#if canImport(Glibc)
    import Glibc
#endif

/// Counters of a container's cgroup, as `berth container stats` shows them.
package struct CgroupStats: Sendable, Equatable, Codable {
    /// Bytes of memory in use.
    package var memoryUsage: Int64?
    /// The memory limit in bytes; nil when unlimited.
    package var memoryLimit: Int64?
    /// CPU time used, in nanoseconds.
    package var cpuNanoseconds: Int64?
    /// Processes and threads in the cgroup.
    package var pids: Int64?
}

extension Cgroups {
    /// The file holding the OOM kill counter (read by the shim when the container exits).
    package var oomFile: String? {
        switch version {
        case .v2: return root + "/" + path + "/memory.events"
        case .v1(let controllers): return controllers["memory"].map { $0 + "/" + path + "/memory.oom_control" }
        }
    }

    /// Freezes (pause) or thaws (unpause) every process of the cgroup.
    package func freeze(_ frozen: Bool) throws {
        switch version {
        case .v2:
            try write(root + "/" + path + "/cgroup.freeze", frozen ? "1" : "0")
        case .v1(let controllers):
            guard let freezer = controllers["freezer"] else {
                throw EngineError(.unsupported, "pause needs the freezer cgroup, which this host lacks")
            }
            try write(freezer + "/" + path + "/freezer.state", frozen ? "FROZEN" : "THAWED")
        }
    }

    /// Whether the cgroup is frozen.
    package var isFrozen: Bool {
        switch version {
        case .v2: return Self.read(root + "/" + path + "/cgroup.freeze")?.hasPrefix("1") ?? false
        case .v1(let controllers):
            guard let freezer = controllers["freezer"] else { return false }
            return Self.read(freezer + "/" + path + "/freezer.state")?.hasPrefix("FROZEN") ?? false
        }
    }

    /// Host pids of the processes in the cgroup.
    package var pids: [Int32] {
        let folder: String
        switch version {
        case .v2: folder = root + "/" + path
        case .v1(let controllers): folder = (controllers["pids"] ?? controllers["memory"] ?? root) + "/" + path
        }
        return (Self.read(folder + "/cgroup.procs") ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    /// Memory, CPU and pids counters.
    package func stats() -> CgroupStats {
        func number(_ file: String) -> Int64? {
            Self.read(file).flatMap { Int64($0.filter { !$0.isWhitespace }) }
        }
        switch version {
        case .v2:
            let folder = root + "/" + path
            let usage = (Self.read(folder + "/cpu.stat") ?? "").split(separator: "\n").first {
                $0.hasPrefix("usage_usec ")
            }.flatMap { Int64($0.dropFirst(11)) }
            return CgroupStats(
                memoryUsage: number(folder + "/memory.current"), memoryLimit: number(folder + "/memory.max"),
                cpuNanoseconds: usage.map { $0 * 1000 }, pids: number(folder + "/pids.current"))
        case .v1(let controllers):
            func file(_ controller: String, _ name: String) -> Int64? {
                controllers[controller].flatMap { number($0 + "/" + path + "/" + name) }
            }
            // v1 reports "no limit" as a huge page-aligned number.
            let limit = file("memory", "memory.limit_in_bytes").flatMap { $0 >= Int64(1) << 62 ? nil : $0 }
            return CgroupStats(
                memoryUsage: file("memory", "memory.usage_in_bytes"), memoryLimit: limit,
                cpuNanoseconds: file("cpuacct", "cpuacct.usage"), pids: file("pids", "pids.current"))
        }
    }
}
