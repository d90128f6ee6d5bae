/// Encodes a `ContainerSpec` in container-init's protocol: NUL-terminated tokens, each record a
/// key followed by its fixed number of values (see Sources/container-init/README.md).
package enum InitMessage {
    /// The bytes container-init reads from fd 3.
    /// `execInto`: the host pid of a running container the process joins (container-init enters its
    /// mount namespace itself; no filesystem records, only the process).
    package static func encode(_ spec: ContainerSpec, execInto target: Int32? = nil) throws -> [UInt8] {
        let exec = target != nil
        var tokens = try target.map { ["exec", String($0)] } ?? filesystemTokens(spec)
        for arg in spec.args { tokens += ["arg", arg] }
        for variable in spec.env { tokens += ["env", variable] }
        tokens += ["cwd", spec.cwd]
        if !exec { tokens += try mountTokens(spec) }
        tokens += try processTokens(spec)
        return try bytes(of: tokens)
    }

    /// `cgroup-join` records: files container-init writes "0" to before anything else (see
    /// `Cgroups.selfJoinFiles`). Sent after the spec's own records.
    package static func cgroupJoins(_ files: [String]) throws -> [UInt8] {
        try bytes(of: files.flatMap { ["cgroup-join", $0] })
    }

    private static func bytes(of tokens: [String]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.reduce(0) { $0 + $1.utf8.count + 1 })
        for var token in tokens {
            // Whole UTF-8 buffers at a time: a spec is ~1000 tokens (the seccomp rules' syscall names).
            let clean = token.withUTF8 { text in
                guard !text.contains(0) else { return false }
                bytes.append(contentsOf: text)
                return true
            }
            guard clean else { throw EngineError(.invalidSpec, "spec value \"\(token)\" contains a NUL byte") }
            bytes.append(0)
        }
        return bytes
    }

    private static func filesystemTokens(_ spec: ContainerSpec) throws -> [String] {
        var tokens: [String] = []
        switch spec.root {
        case .directory(let path):
            tokens += ["root", path]
        case .overlay(let lower, let upper, let work, let target):
            tokens += ["overlay", lower.joined(separator: ":"), upper, work, target]
            if spec.ephemeral == true { tokens.append("volatile-root") }
        }
        if let namespace = spec.userNamespace {
            try namespace.validate()
            for mapping in namespace.uidMappings { tokens += ["uidmap"] + mapping.tokens }
            for mapping in namespace.gidMappings { tokens += ["gidmap"] + mapping.tokens }
        }
        if spec.readonlyRoot { tokens.append("readonly-root") }
        if spec.initProcess == true { tokens.append("init") }
        if let size = spec.shmSize {
            guard size > 0 else {
                throw EngineError(.invalidSpec, "shm size \(size): must be a positive number of bytes")
            }
            tokens += ["shm-size", String(size)]
        }
        if spec.namespaces.contains(.cgroup) { tokens.append("cgroupns") }
        if spec.namespaces.contains(.network) || spec.joinNamespaces[.network] != nil { tokens.append("newnet") }
        if let hostname = spec.hostname, spec.namespaces.contains(.uts) { tokens += ["hostname", hostname] }
        return tokens
    }

    private static func mountTokens(_ spec: ContainerSpec) throws -> [String] {
        var tokens: [String] = []
        for mount in spec.mounts {
            let options = try MountOptions.parse(mount.options, destination: mount.destination)
            let isBind = mount.type == "bind"
            let source = isBind ? mount.source : mount.type
            let flags = options.flags | (isBind ? MountOptions.bind : 0)
            // A tmpfs is a new mount under the container's private root: private whatever it asks.
            let propagation = isBind ? options.propagation ?? MountOptions.defaultPropagation : 0
            tokens += [
                "mount", mount.type, source, mount.destination, String(flags), options.data, String(propagation),
            ]
        }
        for path in spec.maskedPaths { tokens += ["mask", path] }
        for path in spec.readonlyPaths { tokens += ["readonly", path] }
        for key in spec.sysctls.keys.sorted() {
            try Sysctls.validate(key, namespaces: spec.namespaces)
            tokens += ["sysctl", key, spec.sysctls[key] ?? ""]
        }
        return tokens
    }

    private static func processTokens(_ spec: ContainerSpec) throws -> [String] {
        var tokens: [String] = []
        for limit in spec.rlimits {
            try limit.checkAgainstHost()
            tokens += ["rlimit", String(limit.resource), String(limit.soft), String(limit.hard)]
        }
        if let user = spec.user {
            guard !user.isEmpty, user.split(separator: ":", omittingEmptySubsequences: false).count <= 2 else {
                throw EngineError(.invalidSpec, "user \"\(user)\" is not user[:group]")
            }
            tokens += ["user", user]
        }
        for group in spec.additionalGroups { tokens += ["group", group] }
        if let capabilities = spec.capabilities {
            for name in capabilities where Capabilities.number(of: name) == nil {
                throw EngineError(.invalidSpec, "capabilities: unknown capability \"\(name)\"")
            }
            tokens += ["capabilities", String(Capabilities.mask(capabilities))]
        }
        if spec.noNewPrivileges { tokens.append("no-new-privs") }
        if let profile = spec.seccomp {
            tokens += ["seccomp", try SeccompFilter.cachedProgram(profile, capabilities: spec.capabilities)]
        }
        return tokens
    }
}

extension UserNamespace.Mapping {
    /// The values of a `uidmap` or `gidmap` record: container id, host id, size.
    fileprivate var tokens: [String] {
        [String(containerID), String(hostID), String(size)]
    }
}

/// Lower-case hex digits of `bytes`.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
}

/// Translates OCI / fstab mount options into mount(2) flags, a data string and a propagation.
enum MountOptions {
    static let readonly: UInt = 1
    static let bind: UInt = 4096
    static let recursive: UInt = 16384
    /// Docker's default for binds: rprivate.
    static let defaultPropagation: UInt = (1 << 18) | recursive
    private static let flags: [String: UInt] = [
        "ro": 1, "rw": 0, "nosuid": 2, "suid": 0, "nodev": 4, "dev": 0, "noexec": 8, "exec": 0,
        "noatime": 1024, "relatime": 1 << 21, "strictatime": 1 << 24, "bind": 4096, "rbind": 4096 | 16384,
    ]
    /// MS_UNBINDABLE, MS_PRIVATE, MS_SLAVE, MS_SHARED; the `r` forms add MS_REC.
    private static let propagations: [String: UInt] = [
        "unbindable": 1 << 17, "private": 1 << 18, "slave": 1 << 19, "shared": 1 << 20,
        "runbindable": (1 << 17) | recursive, "rprivate": (1 << 18) | recursive, "rslave": (1 << 19) | recursive,
        "rshared": (1 << 20) | recursive,
    ]

    /// Returns the flags, the comma-joined `key=value` data options, and the propagation flags when an
    /// option names one (the last wins).
    static func parse(_ options: [String], destination: String) throws -> (
        flags: UInt, data: String, propagation: UInt?
    ) {
        var result: UInt = 0
        var data: [String] = []
        var propagation: UInt?
        for option in options {
            if let flag = flags[option] {
                result |= flag
            } else if let value = propagations[option] {
                propagation = value
            } else if option.contains("=") {
                data.append(option)
            } else {
                throw EngineError(.unsupported, "mount \(destination): option \"\(option)\" is not supported")
            }
        }
        return (result, data.joined(separator: ","), propagation)
    }
}
