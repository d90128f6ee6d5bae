/// Linux capabilities by name and number, and Docker's rules for cap_add / cap_drop.
package enum Capabilities {
    /// Every capability the runtime knows, indexed by its number (linux/capability.h).
    package static let names = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ]

    /// Docker's default set (moby daemon/pkg/oci/caps/defaults.go), in its order.
    package static let dockerDefault = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ]

    /// The number of a canonical name (`CAP_SYS_ADMIN`), nil when unknown.
    package static func number(of name: String) -> Int? {
        names.firstIndex(of: name)
    }

    /// `sys_admin`, `SYS_ADMIN` and `CAP_SYS_ADMIN` all become `CAP_SYS_ADMIN`; `ALL` stays `ALL`.
    package static func canonical(_ name: String, field: String) throws -> String {
        let upper = name.uppercased()
        if upper == "ALL" { return upper }
        let full = upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
        guard number(of: full) != nil else {
            throw EngineError(.invalidSpec, "\(field): unknown capability \"\(name)\"")
        }
        return full
    }

    /// Docker's resolution: `add` ALL starts from every capability, `drop` ALL from none, otherwise the
    /// default set; then the named additions and drops. Returns canonical names sorted by number.
    package static func resolve(add: [String], drop: [String]) throws -> [String] {
        let added = try add.map { try canonical($0, field: "cap_add") }
        let dropped = try drop.map { try canonical($0, field: "cap_drop") }
        var result: Set<String>
        if added.contains("ALL") {
            result = Set(names)
        } else if dropped.contains("ALL") {
            result = []
        } else {
            result = Set(dockerDefault)
        }
        result.formUnion(added.filter { $0 != "ALL" })
        if !added.contains("ALL") || !dropped.contains("ALL") {
            result.subtract(dropped)
        }
        return sorted(result)
    }

    /// Canonical names sorted by capability number.
    package static func sorted<S: Sequence<String>>(_ set: S) -> [String] {
        set.sorted { (number(of: $0) ?? 0) < (number(of: $1) ?? 0) }
    }

    /// The 64-bit mask of `names` (as /proc/self/status prints CapEff).
    package static func mask(_ set: [String]) -> UInt64 {
        set.reduce(0) { $0 | (number(of: $1).map { 1 << UInt64($0) } ?? 0) }
    }
}
