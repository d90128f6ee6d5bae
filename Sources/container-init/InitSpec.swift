/// The container as container-init receives it over fd 3 (see README.md for the protocol).
struct InitSpec {
    /// A mount from the spec's mounts list, already translated into mount(2) arguments.
    struct Mount {
        var type: String
        var source: String
        var destination: String
        var flags: UInt
        var data: String
        /// mount(2) propagation flags applied after a bind (MS_PRIVATE, MS_SLAVE or MS_SHARED, with
        /// MS_REC); 0 leaves the mount as the bind made it.
        var propagation: UInt
    }

    var root = ""
    /// Exec mode: the host pid of the running container whose mount namespace to enter; the rest
    /// is set up already, only identity, confinement and exec remain.
    var execTarget: Int32?
    var overlay: (lower: String, upper: String, work: String)?
    /// Mount the overlay `volatile`: its upper is never synced (a container removed when it exits).
    var volatileOverlay = false
    var readonlyRoot = false
    /// Stay as pid 1: spawn the process, forward signals to it, reap every zombie.
    var runsInit = false
    /// The size of /dev/shm in bytes.
    var shmSize: UInt64 = 64 << 20
    var newNetwork = false
    /// A new user namespace with these maps (container id, host id, size), joined last before the
    /// identity; both empty: none.
    var uidMappings: [IDMapping] = []
    var gidMappings: [IDMapping] = []
    var newCgroupNamespace = false
    /// cgroup v1 `tasks` files to write "0" to, first thing (the engine's `Cgroups.selfJoinFiles`).
    var cgroupJoins: [String] = []
    var hostname: String?
    var args: [String] = []
    var env: [String] = []
    var cwd = "/"
    var mounts: [Mount] = []
    var masked: [String] = []
    var readonly: [String] = []
    /// The capability mask to keep (bounding, permitted, effective); nil leaves them all (privileged).
    var capabilities: UInt64?
    var noNewPrivileges = false
    var sysctls: [(key: String, value: String)] = []
    var rlimits: [(resource: Int32, soft: UInt64, hard: UInt64)] = []
    /// `user[:group]` as the engine received it; resolved in the container's /etc files.
    var user: String?
    var groups: [String] = []
    /// Classic BPF instructions (8 bytes each) to install last; empty means unconfined.
    var seccomp: [UInt8] = []

    /// Decodes the NUL-terminated token stream.
    init(bytes: [UInt8]) throws(InitFailure) {
        var tokens = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if tokens.last == "" { tokens.removeLast() }
        var index = 0
        func next(_ key: String) throws(InitFailure) -> String {
            guard index < tokens.count else { throw InitFailure("spec: record \(key) is truncated") }
            defer { index += 1 }
            return tokens[index]
        }
        while index < tokens.count {
            let key = tokens[index]
            index += 1
            switch key {
            case "root": root = try next(key)
            case "overlay":
                let lower = try next(key)
                let upper = try next(key)
                let work = try next(key)
                overlay = (lower, upper, work)
                root = try next(key)
            case "volatile-root": volatileOverlay = true
            case "readonly-root": readonlyRoot = true
            case "init": runsInit = true
            case "shm-size":
                guard let size = UInt64(try next(key)), size > 0 else { throw InitFailure("spec: shm-size: bad size") }
                shmSize = size
            case "exec":
                guard let pid = Int32(try next(key)) else { throw InitFailure("spec: exec: bad pid") }
                execTarget = pid
            case "newnet": newNetwork = true
            case "uidmap", "gidmap":
                guard let container = UInt32(try next(key)), let host = UInt32(try next(key)),
                    let size = UInt32(try next(key))
                else { throw InitFailure("spec: \(key): bad numbers") }
                let mapping = IDMapping(container: container, host: host, size: size)
                if key == "uidmap" { uidMappings.append(mapping) } else { gidMappings.append(mapping) }
            case "cgroupns": newCgroupNamespace = true
            case "cgroup-join": cgroupJoins.append(try next(key))
            case "hostname": hostname = try next(key)
            case "arg": args.append(try next(key))
            case "env": env.append(try next(key))
            case "cwd": cwd = try next(key)
            case "mount":
                let type = try next(key)
                let source = try next(key)
                let destination = try next(key)
                guard let flags = UInt(try next(key)) else {
                    throw InitFailure("spec: mount \(destination): bad flags")
                }
                let data = try next(key)
                guard let propagation = UInt(try next(key)) else {
                    throw InitFailure("spec: mount \(destination): bad propagation")
                }
                mounts.append(
                    Mount(
                        type: type, source: source, destination: destination, flags: flags, data: data,
                        propagation: propagation))
            case "mask": masked.append(try next(key))
            case "readonly": readonly.append(try next(key))
            case "capabilities":
                guard let mask = UInt64(try next(key)) else { throw InitFailure("spec: capabilities: bad mask") }
                capabilities = mask
            case "no-new-privs": noNewPrivileges = true
            case "sysctl":
                let key = try next(key)
                sysctls.append((key, try next(key)))
            case "rlimit":
                guard let resource = Int32(try next(key)), let soft = UInt64(try next(key)),
                    let hard = UInt64(try next(key))
                else { throw InitFailure("spec: rlimit: bad numbers") }
                rlimits.append((resource, soft, hard))
            case "user": user = try next(key)
            case "group": groups.append(try next(key))
            case "seccomp":
                guard let program = decodeHex(try next(key)), program.count % 8 == 0 else {
                    throw InitFailure("spec: seccomp: bad filter")
                }
                seccomp = program
            default: throw InitFailure("spec: unknown record \"\(key)\"")
            }
        }
        guard execTarget != nil || root.hasPrefix("/") else { throw InitFailure("spec: root must be an absolute path") }
        guard !args.isEmpty else { throw InitFailure("spec: no process arguments") }
    }
}

/// Decodes lower-case hex; nil on an odd length or another character.
func decodeHex(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 48...57: digit - 48
        case 97...102: digit - 87
        default: nil
        }
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
        guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
        bytes.append(high << 4 | low)
        index += 2
    }
    return bytes
}

/// A setup failure: reported to the engine over fd 3, then container-init exits 125.
struct InitFailure: Error {
    var message: String

    init(_ message: String) { self.message = message }
}
