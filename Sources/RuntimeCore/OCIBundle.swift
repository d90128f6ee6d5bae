import JSONCore

#if canImport(Glibc)
    import Glibc
#endif

/// An OCI bundle: a folder holding config.json and (usually) the rootfs it names.
package struct OCIBundle: Sendable {
    package var directory: String
    package var config: OCIConfig

    /// Reads `directory/config.json`.
    package init(directory: String) throws {
        let bytes: [UInt8]
        do {
            bytes = try readFileBytes(directory + "/config.json")
        } catch {
            throw EngineError(.notFound, "bundle \(directory): cannot read config.json", cause: error)
        }
        do {
            config = try JSONValueDecoder.decode(OCIConfig.self, from: bytes)
        } catch {
            throw EngineError(.invalidSpec, "bundle \(directory): config.json is not a valid OCI config", cause: error)
        }
        self.directory = directory
    }

    /// Makes a bundle from a config already in memory.
    package init(directory: String, config: OCIConfig) {
        self.directory = directory
        self.config = config
    }

    /// The container spec config.json describes; a relative root.path is relative to the bundle.
    package func containerSpec() throws -> ContainerSpec {
        let where_ = "bundle \(directory): config.json"
        guard let process = config.process, let args = process.args, !args.isEmpty else {
            throw EngineError(.invalidSpec, "\(where_): process.args is missing or empty")
        }
        if process.terminal == true {
            throw EngineError(.unsupported, "\(where_): process.terminal true is not supported yet")
        }
        guard let root = config.root else { throw EngineError(.invalidSpec, "\(where_): root is missing") }
        let rootPath = root.path.hasPrefix("/") ? root.path : directory + "/" + root.path
        var spec = ContainerSpec(root: .directory(rootPath), args: args, seccomp: config.linux?.seccomp)
        spec.env = process.env ?? []
        spec.cwd = process.cwd
        spec.hostname = config.hostname
        spec.readonlyRoot = root.readonly ?? false
        spec.namespaces = try namespaces(where_)
        spec.userNamespace = try userNamespace(where_)
        spec.mounts = try mounts(where_)
        spec.shmSize = try shmSize(where_)
        if config.annotations?[OCIConfig.initAnnotation] == "true" { spec.initProcess = true }
        spec.maskedPaths = config.linux?.maskedPaths ?? []
        spec.readonlyPaths = config.linux?.readonlyPaths ?? []
        try applyCapabilities(process, to: &spec, where_)
        try applyUser(process.user, to: &spec)
        spec.rlimits = try (process.rlimits ?? []).map { try Rlimit(type: $0.type, soft: $0.soft, hard: $0.hard) }
        spec.sysctls = config.linux?.sysctl ?? [:]
        spec.resources = config.linux?.resources?.resources ?? Resources()
        try spec.resources.validate()
        if let path = config.linux?.cgroupsPath {
            let relative = String(path.drop { $0 == "/" })
            guard !relative.isEmpty, !relative.contains(":") else {
                throw EngineError(.unsupported, "\(where_): linux.cgroupsPath \"\(path)\" is not a cgroupfs path")
            }
            spec.cgroupPath = relative
        } else if !spec.resources.isEmpty {
            // runc would use its own default; berth puts an unnamed container under berth/.
            spec.cgroupPath = "berth/bundle-\(getpid())"
        }
        try spec.seccomp?.validate(source: "\(where_): linux.seccomp")
        return spec
    }

    /// berth keeps one set for bounding, permitted and effective: a config.json whose sets differ is refused.
    private func applyCapabilities(_ process: OCIConfig.Process, to spec: inout ContainerSpec, _ where_: String) throws
    {
        spec.noNewPrivileges = process.noNewPrivileges ?? false
        guard let capabilities = process.capabilities else {
            spec.capabilities = nil
            return
        }
        let bounding = try (capabilities.bounding ?? []).map {
            try Capabilities.canonical($0, field: "\(where_): process.capabilities.bounding")
        }
        guard !bounding.contains("ALL") else {
            throw EngineError(.invalidSpec, "\(where_): process.capabilities.bounding: ALL is not a capability")
        }
        let kept = Capabilities.sorted(Set(bounding))
        for (field, set) in [
            ("effective", capabilities.effective), ("permitted", capabilities.permitted),
        ] {
            let names = try (set ?? []).map {
                try Capabilities.canonical($0, field: "\(where_): process.capabilities.\(field)")
            }
            guard Capabilities.sorted(Set(names)) == kept else {
                throw EngineError(
                    .unsupported, "\(where_): process.capabilities.\(field) must equal process.capabilities.bounding")
            }
        }
        // `runc spec` fills ambient (and older versions inheritable) with the same caps. For uid 0 they
        // add nothing to what permitted already gives after exec, so such bundles run; for another user
        // they would keep capabilities across exec, which berth does not do yet.
        let isRoot = (process.user?.uid ?? 0) == 0 && process.user?.username == nil
        for (field, set) in [("inheritable", capabilities.inheritable), ("ambient", capabilities.ambient)] {
            let names = try (set ?? []).map {
                try Capabilities.canonical($0, field: "\(where_): process.capabilities.\(field)")
            }
            guard !names.isEmpty else { continue }
            guard isRoot, Set(names).isSubset(of: Set(kept)) else {
                throw EngineError(
                    .unsupported,
                    "\(where_): process.capabilities.\(field) is only supported for uid 0 and within the bounding set")
            }
        }
        spec.capabilities = kept
    }

    /// Numbers as `uid:gid`; berth's own `username` (a name given by the user) wins over them.
    private func applyUser(_ user: OCIConfig.User?, to spec: inout ContainerSpec) throws {
        guard let user else { return }
        if let username = user.username {
            let words = username.split(separator: " ").map(String.init)
            spec.user = words.first
            spec.additionalGroups = Array(words.dropFirst())
            return
        }
        spec.user = user.uid == 0 && user.gid == 0 ? nil : "\(user.uid):\(user.gid)"
        spec.additionalGroups = (user.additionalGids ?? []).map(String.init)
    }

    private func namespaces(_ where_: String) throws -> Set<ContainerSpec.Namespace> {
        var result: Set<ContainerSpec.Namespace> = []
        for (index, entry) in (config.linux?.namespaces ?? []).enumerated() where entry.type != "user" {
            guard let namespace = ContainerSpec.Namespace(rawValue: entry.type) else {
                throw EngineError(
                    .unsupported, "\(where_): linux.namespaces[\(index)]: type \"\(entry.type)\" is not supported")
            }
            if entry.path != nil {
                throw EngineError(
                    .unsupported, "\(where_): linux.namespaces[\(index)]: joining a namespace by path is not supported")
            }
            result.insert(namespace)
        }
        guard result.contains(.mount) else {
            throw EngineError(.invalidSpec, "\(where_): linux.namespaces must include a mount namespace")
        }
        return result
    }

    /// The `user` entry of linux.namespaces with linux.uidMappings and gidMappings; nil without one.
    private func userNamespace(_ where_: String) throws -> UserNamespace? {
        let linux = config.linux
        let entries = (linux?.namespaces ?? []).enumerated().filter { $0.element.type == "user" }
        guard let (index, entry) = entries.first else {
            guard linux?.uidMappings == nil && linux?.gidMappings == nil else {
                throw EngineError(
                    .invalidSpec, "\(where_): linux.uidMappings needs a user namespace in linux.namespaces")
            }
            return nil
        }
        if entry.path != nil {
            throw EngineError(
                .unsupported, "\(where_): linux.namespaces[\(index)]: joining a namespace by path is not supported")
        }
        guard let uids = linux?.uidMappings, let gids = linux?.gidMappings else {
            throw EngineError(
                .invalidSpec,
                "\(where_): linux.namespaces[\(index)]: a user namespace needs linux.uidMappings and gidMappings")
        }
        let namespace = UserNamespace(uidMappings: uids, gidMappings: gids)
        do {
            try namespace.validate()
        } catch let error as EngineError {
            throw EngineError(error.code, "\(where_): \(error.message)")
        }
        return namespace
    }

    /// The `size=` of the /dev/shm entry (bytes, or with k, m or g as tmpfs takes it); nil when absent
    /// or Docker's 64 MiB (what nil means).
    private func shmSize(_ where_: String) throws -> Int64? {
        let entry = config.mounts?.last { $0.destination == "/dev/shm" }
        guard let option = entry?.options?.last(where: { $0.hasPrefix("size=") }) else { return nil }
        let text = option.dropFirst(5).lowercased()
        let units: [Character: Int64] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        let unit = text.last.flatMap { units[$0] }
        guard let number = Int64(unit == nil ? text : String(text.dropLast())), number > 0,
            number <= Int64.max / (unit ?? 1)
        else {
            throw EngineError(.invalidSpec, "\(where_): mounts /dev/shm: \(option) is not a size")
        }
        let bytes = number * (unit ?? 1)
        return bytes == 64 << 20 ? nil : bytes
    }

    private func mounts(_ where_: String) throws -> [ContainerSpec.Mount] {
        var result: [ContainerSpec.Mount] = []
        for (index, entry) in (config.mounts ?? []).enumerated()
        where !OCIConfig.builtInDestinations.contains(entry.destination) {
            let options = entry.options ?? []
            let isBind = entry.type == "bind" || options.contains("bind") || options.contains("rbind")
            let type = isBind ? "bind" : (entry.type ?? "")
            guard type == "bind" || type == "tmpfs" else {
                throw EngineError(.unsupported, "\(where_): mounts[\(index)]: type \"\(type)\" is not supported")
            }
            guard entry.destination.hasPrefix("/") else {
                throw EngineError(.invalidSpec, "\(where_): mounts[\(index)]: destination must be absolute")
            }
            let source = entry.source ?? type
            let resolved = isBind && !source.hasPrefix("/") ? directory + "/" + source : source
            _ = try MountOptions.parse(options, destination: entry.destination)
            result.append(.init(type: type, source: resolved, destination: entry.destination, options: options))
        }
        return result
    }
}
