import CLinux
import Glibc

/// Capabilities, no_new_privs and seccomp: the last steps before exec, in that order.
struct Confinement {
    var spec: InitSpec
    var identity: Identity

    private static let capabilityBoundingDrop: Int32 = 24  // PR_CAPBSET_DROP
    private static let setNoNewPrivileges: Int32 = 38  // PR_SET_NO_NEW_PRIVS
    private static let capabilityAmbient: Int32 = 47  // PR_CAP_AMBIENT
    private static let ambientClearAll: UInt = 4  // PR_CAP_AMBIENT_CLEAR_ALL

    func run() throws(InitFailure) {
        for limit in spec.rlimits {
            var value = rlimit(rlim_cur: rlim_t(limit.soft), rlim_max: rlim_t(limit.hard))
            try check(setrlimit(__rlimit_resource_t(UInt32(limit.resource)), &value), "setrlimit", "\(limit.resource)")
        }
        if let mask = spec.capabilities { try restrictBounding(to: mask) }
        try identity.apply()
        // A non-root user has no permitted capabilities left after setuid; root gets exactly `mask`.
        if let mask = spec.capabilities, identity.uid == 0 { try setCapabilities(mask) }
        if spec.noNewPrivileges {
            try check(clinux_prctl(Self.setNoNewPrivileges, 1, 0, 0, 0), "prctl", "PR_SET_NO_NEW_PRIVS")
        }
        if !spec.seccomp.isEmpty {
            let count = spec.seccomp.count / 8
            guard count <= Int(UInt16.max) else { throw InitFailure("seccomp: filter has \(count) instructions") }
            let rc = spec.seccomp.withUnsafeBytes { clinux_seccomp_install($0.baseAddress, UInt16(count)) }
            try check(rc, "seccomp", "SECCOMP_SET_MODE_FILTER")
        }
    }

    /// Drops every other capability from the bounding set and clears the ambient set.
    private func restrictBounding(to mask: UInt64) throws(InitFailure) {
        let last = lastCapability()
        for capability in 0...last where mask & (1 << UInt64(capability)) == 0 {
            try check(
                clinux_prctl(Self.capabilityBoundingDrop, UInt(capability), 0, 0, 0), "prctl",
                "PR_CAPBSET_DROP \(capability)")
        }
        // Older kernels have no ambient set (EINVAL): nothing to clear there.
        if clinux_prctl(Self.capabilityAmbient, Self.ambientClearAll, 0, 0, 0) != 0 && errno != EINVAL {
            throw InitFailure("prctl PR_CAP_AMBIENT_CLEAR_ALL: \(errorText(errno))")
        }
    }

    /// Sets permitted and effective to `mask`, inheritable empty (as Docker does since CVE-2022-24769).
    private func setCapabilities(_ mask: UInt64) throws(InitFailure) {
        let last = lastCapability()
        var effective: UInt64 = 0
        var permitted: UInt64 = 0
        var inheritable: UInt64 = 0
        try check(clinux_capget(&effective, &permitted, &inheritable), "capget", "self")
        let known: UInt64 = last >= 63 ? ~0 : (1 << UInt64(last + 1)) - 1
        let missing = mask & known & ~permitted
        if missing != 0 {
            throw InitFailure("capabilities: the engine itself lacks \(hexMask(missing)) and cannot grant it")
        }
        try check(clinux_capset(mask & known, mask & known, 0), "capset", "self")
    }

    /// /proc/sys/kernel/cap_last_cap, or CAP_CHECKPOINT_RESTORE (40) when it cannot be read.
    private func lastCapability() -> Int {
        let fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 40 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return 40 }
        let text = String(decoding: buffer[..<count], as: UTF8.self).filter { $0.isNumber }
        return min(Int(text) ?? 40, 63)
    }

    private func hexMask(_ mask: UInt64) -> String {
        "0x" + String(mask, radix: 16)
    }
}
