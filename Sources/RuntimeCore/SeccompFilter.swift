import CLinux
import CSeccomp
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Compiles a resolved `SeccompProfile` into classic BPF with libseccomp, in the engine. container-init
/// only installs the instructions, so it needs no libseccomp.
package enum SeccompFilter {
    /// Profile action names; ERRNO and TRACE take the rule's errnoRet.
    static let actions: [String: @Sendable (UInt16) -> UInt32] = [
        "SCMP_ACT_ALLOW": { _ in cseccomp_act_allow() },
        "SCMP_ACT_ERRNO": { cseccomp_act_errno($0) },
        "SCMP_ACT_TRACE": { cseccomp_act_trace($0) },
        "SCMP_ACT_KILL": { _ in cseccomp_act_kill_thread() },
        "SCMP_ACT_KILL_THREAD": { _ in cseccomp_act_kill_thread() },
        "SCMP_ACT_KILL_PROCESS": { _ in cseccomp_act_kill_process() },
        "SCMP_ACT_TRAP": { _ in cseccomp_act_trap() },
        "SCMP_ACT_LOG": { _ in cseccomp_act_log() },
    ]

    /// Profile operator names to libseccomp's `enum scmp_compare`.
    static let operators: [String: scmp_compare] = [
        "SCMP_CMP_NE": SCMP_CMP_NE, "SCMP_CMP_LT": SCMP_CMP_LT, "SCMP_CMP_LE": SCMP_CMP_LE,
        "SCMP_CMP_EQ": SCMP_CMP_EQ, "SCMP_CMP_GE": SCMP_CMP_GE, "SCMP_CMP_GT": SCMP_CMP_GT,
        "SCMP_CMP_MASKED_EQ": SCMP_CMP_MASKED_EQ,
    ]

    private struct CacheKey: Hashable {
        var profile: SeccompProfile
        var capabilities: [String]?
    }

    /// Compiled programs as hex, by profile and capabilities: compiling Docker's default profile takes
    /// milliseconds, and most containers share a handful of combinations.
    private static let cache = Mutex<[CacheKey: String]>([:])

    /// The hex program for `profile` resolved against `capabilities` (nil: all), compiled once.
    static func cachedProgram(_ profile: SeccompProfile, capabilities: [String]?) throws -> String {
        let key = CacheKey(profile: profile, capabilities: capabilities)
        if let program = cache.withLock({ $0[key] }) { return program }
        let program = hex(try compile(profile.resolved(capabilities: capabilities ?? Capabilities.names)))
        cache.withLock {
            if $0.count > 64 { $0.removeAll() }
            $0[key] = program
        }
        return program
    }

    /// The BPF program (8-byte instructions) for `profile`, which `resolved` has already reduced.
    /// Syscall names this libseccomp does not know are skipped, as Docker does.
    package static func compile(_ profile: SeccompProfile) throws -> [UInt8] {
        try profile.validate(source: "(resolved)")
        let errnoDefault = UInt16(truncatingIfNeeded: profile.defaultErrnoRet ?? UInt32(EPERM))
        guard let defaultAction = actions[profile.defaultAction]?(errnoDefault),
            let context = seccomp_init(defaultAction)
        else {
            throw EngineError(.invalidSpec, "seccomp profile: defaultAction \(profile.defaultAction) is not usable")
        }
        defer { seccomp_release(context) }
        // The engine only exports the program; container-init sets no_new_privs itself.
        try libseccomp("seccomp_attr_set NNP") { seccomp_attr_set(context, SCMP_FLTATR_CTL_NNP, 0) }
        // A binary tree by syscall number instead of one long chain of compares. The kernel runs the
        // filter for every syscall number when it installs it (its cache of always-allowed calls):
        // with Docker's profile that walk took 1.5 ms of each container's start, the tree a fraction.
        try libseccomp("seccomp_attr_set OPTIMIZE") { seccomp_attr_set(context, SCMP_FLTATR_CTL_OPTIMIZE, 2) }
        for name in profile.architectures ?? [] {
            let token = name.hasPrefix("SCMP_ARCH_") ? String(name.dropFirst(10)).lowercased() : name.lowercased()
            let arch = seccomp_arch_resolve_name(token)
            guard arch != 0 else {
                throw EngineError(.invalidSpec, "seccomp profile: architectures: unknown architecture \"\(name)\"")
            }
            let rc = seccomp_arch_add(context, arch)
            if rc != 0 && rc != -EEXIST { try libseccomp("seccomp_arch_add \(name)") { rc } }
        }
        for (index, rule) in (profile.syscalls ?? []).enumerated() {
            let errnoCode = UInt16(truncatingIfNeeded: rule.errnoRet ?? UInt32(EPERM))
            guard let action = actions[rule.action]?(errnoCode) else {
                throw EngineError(.invalidSpec, "seccomp profile: syscalls[\(index)].action: unknown action")
            }
            // libseccomp refuses a rule whose action is the default one; it changes nothing anyway.
            if action == defaultAction { continue }
            for name in rule.allNames {
                let number = seccomp_syscall_resolve_name(name)
                if number == __NR_SCMP_ERROR { continue }
                try add(action: action, syscall: number, arguments: rule.args ?? [], to: context, name: name)
            }
        }
        return try export(context)
    }

    /// Several conditions on one argument mean "any of them" (runc's reading): one rule each.
    private static func add(
        action: UInt32, syscall: Int32, arguments: [SeccompProfile.Argument], to context: scmp_filter_ctx, name: String
    ) throws {
        let comparisons = arguments.map { argument in
            scmp_arg_cmp(
                arg: argument.index, op: operators[argument.op] ?? SCMP_CMP_EQ, datum_a: argument.value,
                datum_b: argument.valueTwo ?? 0)
        }
        let indexes = arguments.map(\.index)
        let groups = Set(indexes).count == indexes.count ? [comparisons] : comparisons.map { [$0] }
        for group in groups {
            try libseccomp("seccomp_rule_add_array \(name)") {
                group.withUnsafeBufferPointer {
                    seccomp_rule_add_array(context, action, syscall, UInt32($0.count), $0.baseAddress)
                }
            }
        }
    }

    /// seccomp_export_bpf writes into a memfd, which is read back whole.
    private static func export(_ context: scmp_filter_ctx) throws -> [UInt8] {
        let fd = clinux_memfd_create("berth-seccomp", 1)  // MFD_CLOEXEC
        guard fd >= 0 else {
            throw EngineError(
                .systemCall, "cannot export the seccomp filter",
                cause: SystemCallError(call: "memfd_create", errno: errno))
        }
        defer { close(fd) }
        try libseccomp("seccomp_export_bpf") { seccomp_export_bpf(context, fd) }
        let size = lseek(fd, 0, SEEK_END)
        var bytes = [UInt8](repeating: 0, count: Int(max(size, 0)))
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count == bytes.count, count % 8 == 0 else {
            throw EngineError(.systemCall, "cannot read back the exported seccomp filter")
        }
        return bytes
    }

    /// libseccomp returns a negative errno; 0 is success.
    private static func libseccomp(_ call: String, _ body: () -> Int32) throws {
        let rc = body()
        guard rc == 0 else {
            throw EngineError(.systemCall, "seccomp filter", cause: SystemCallError(call: call, errno: -rc))
        }
    }
}
