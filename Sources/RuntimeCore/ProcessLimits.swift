#if canImport(Glibc)
    import Glibc
#endif

/// A resource limit (`ulimits:` in compose, `process.rlimits` in config.json).
package struct Rlimit: Sendable, Equatable, Codable {
    /// Canonical OCI name, `RLIMIT_NOFILE`.
    package var type: String
    package var soft: UInt64
    package var hard: UInt64

    /// Accepts `nofile`, `NOFILE` or `RLIMIT_NOFILE`.
    package init(type: String, soft: UInt64, hard: UInt64) throws {
        let upper = type.uppercased()
        let full = upper.hasPrefix("RLIMIT_") ? upper : "RLIMIT_" + upper
        guard Self.names.contains(full) else { throw EngineError(.invalidSpec, "ulimits: unknown limit \"\(type)\"") }
        guard soft <= hard else {
            throw EngineError(.invalidSpec, "ulimits: \(type): soft limit \(soft) is above the hard limit \(hard)")
        }
        self.type = full
        self.soft = soft
        self.hard = hard
    }

    /// RLIMIT_* names in resource-number order (asm-generic/resource.h, x86_64 and arm64).
    static let names = [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
        "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ]

    /// The resource number for setrlimit.
    var resource: Int { Self.names.firstIndex(of: type) ?? 0 }

    /// Refuses a hard limit above the engine's own: without CAP_SYS_RESOURCE (as root lacks here)
    /// setrlimit would fail in the container, and berth never raises a limit above the host's.
    func checkAgainstHost() throws {
        var host = rlimit()
        guard getrlimit(__rlimit_resource_t(UInt32(resource)), &host) == 0 else { return }
        if host.rlim_max != rlim_t.max && hard > UInt64(host.rlim_max) {
            throw EngineError(
                .invalidSpec,
                "ulimits: \(type) hard limit \(hard) is above the host's hard limit \(host.rlim_max)")
        }
    }
}

/// Namespaced sysctls a container may set (Docker's list); others change the host and are refused.
package enum Sysctls {
    static let ipc: Set<String> = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    ]

    /// Throws a clear error for a key that is not namespaced or whose namespace the container shares.
    package static func validate(_ key: String, namespaces: Set<ContainerSpec.Namespace>) throws {
        if ipc.contains(key) || key.hasPrefix("fs.mqueue.") {
            guard namespaces.contains(.ipc) else {
                throw EngineError(.invalidSpec, "sysctls: \(key) needs a private IPC namespace (ipc is host)")
            }
        } else if key.hasPrefix("net.") {
            guard namespaces.contains(.network) else {
                throw EngineError(.invalidSpec, "sysctls: \(key) needs a private network namespace (network is host)")
            }
        } else {
            throw EngineError(.invalidSpec, "sysctls: \(key) is not namespaced; refusing to change it for the host")
        }
        guard !key.contains("/"), !key.split(separator: ".").contains(where: { $0 == ".." || $0.isEmpty }) else {
            throw EngineError(.invalidSpec, "sysctls: \"\(key)\" is not a sysctl name")
        }
    }
}
