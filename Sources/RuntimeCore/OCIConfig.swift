/// The subset of an OCI runtime config.json (runtime-spec 1.0) that berth reads and writes.
package struct OCIConfig: Codable, Sendable, Equatable {
    /// `process`.
    package struct Process: Codable, Sendable, Equatable {
        package var terminal: Bool?
        package var user: User?
        package var args: [String]?
        package var env: [String]?
        package var cwd: String
        package var noNewPrivileges: Bool?
        package var capabilities: ProcessCapabilities?
        package var rlimits: [POSIXRlimit]?
    }

    /// An entry of `process.rlimits`.
    package struct POSIXRlimit: Codable, Sendable, Equatable {
        package var type: String
        package var hard: UInt64
        package var soft: UInt64
    }

    /// `process.capabilities`: canonical names per set.
    package struct ProcessCapabilities: Codable, Sendable, Equatable {
        package var bounding: [String]?
        package var effective: [String]?
        package var inheritable: [String]?
        package var permitted: [String]?
        package var ambient: [String]?
    }

    /// `process.user`.
    package struct User: Codable, Sendable, Equatable {
        package var uid: UInt32
        package var gid: UInt32
        package var additionalGids: [UInt32]?
        /// berth writes a user or group given by name here (resolved by container-init in the container's
        /// /etc files); runc and crun read only the numbers.
        package var username: String?

        init(uid: UInt32, gid: UInt32, additionalGids: [UInt32]? = nil, username: String? = nil) {
            self.uid = uid
            self.gid = gid
            self.additionalGids = additionalGids
            self.username = username
        }

        /// The `process.user` of `spec`: numbers when it gives `uid:gid` numbers, else `username` carries
        /// `user[:group]` and the supplementary groups, space-separated, for container-init to resolve.
        init(spec: ContainerSpec) {
            let parts = (spec.user ?? "0:0").split(separator: ":").map(String.init)
            let numbers = spec.additionalGroups.compactMap(UInt32.init)
            // `1000` alone takes its group from the container's /etc/passwd: only `uid:gid` is all numbers.
            let numeric =
                parts.count == 2 && parts.allSatisfy { UInt32($0) != nil }
                && numbers.count == spec.additionalGroups.count
            self.init(
                uid: UInt32(parts.first ?? "0") ?? 0, gid: parts.count > 1 ? UInt32(parts[1]) ?? 0 : 0,
                additionalGids: numbers.isEmpty ? nil : numbers,
                username: numeric ? nil : ([spec.user ?? "0"] + spec.additionalGroups).joined(separator: " "))
        }
    }

    /// `root`.
    package struct Root: Codable, Sendable, Equatable {
        package var path: String
        package var readonly: Bool?
    }

    /// An entry of `mounts`.
    package struct Mount: Codable, Sendable, Equatable {
        package var destination: String
        package var type: String?
        package var source: String?
        package var options: [String]?
    }

    /// An entry of `linux.namespaces`.
    package struct Namespace: Codable, Sendable, Equatable {
        package var type: String
        package var path: String?
    }

    /// `linux`.
    package struct Linux: Codable, Sendable, Equatable {
        package var namespaces: [Namespace]?
        package var maskedPaths: [String]?
        package var readonlyPaths: [String]?
        /// The OCI form: includes/excludes resolved, `architectures` instead of `archMap`.
        package var seccomp: SeccompProfile?
        package var resources: LinuxResources?
        package var cgroupsPath: String?
        package var sysctl: [String: String]?
        /// With a `user` namespace: its maps (the OCI `IDMapping` has berth's field names).
        package var uidMappings: [UserNamespace.Mapping]?
        package var gidMappings: [UserNamespace.Mapping]?
    }

    /// `linux.resources` (the parts berth applies).
    package struct LinuxResources: Codable, Sendable, Equatable {
        package struct Memory: Codable, Sendable, Equatable {
            package var limit: Int64?
            package var reservation: Int64?
            package var swap: Int64?
        }
        package struct CPU: Codable, Sendable, Equatable {
            package var shares: UInt64?
            package var quota: Int64?
            package var period: UInt64?
            package var cpus: String?
            package var mems: String?
        }
        package struct Pids: Codable, Sendable, Equatable {
            package var limit: Int64
        }
        package struct BlockIO: Codable, Sendable, Equatable {
            package var weight: UInt16?
        }
        package var memory: Memory?
        package var cpu: CPU?
        package var pids: Pids?
        package var blockIO: BlockIO?

        /// The OCI form of `resources`; nil when no limit is set.
        init?(_ resources: Resources) {
            guard !resources.isEmpty else { return nil }
            let r = resources
            if r.memory != nil || r.memoryReservation != nil || r.memorySwap != nil {
                memory = Memory(limit: r.memory, reservation: r.memoryReservation, swap: r.memorySwap)
            }
            if r.cpuShares != nil || r.cpuQuota != nil || r.cpuPeriod != nil || r.cpusetCpus != nil
                || r.cpusetMems != nil
            {
                cpu = CPU(
                    shares: r.cpuShares, quota: r.cpuQuota, period: r.cpuPeriod, cpus: r.cpusetCpus, mems: r.cpusetMems)
            }
            pids = r.pidsLimit.map { Pids(limit: $0) }
            blockIO = r.blkioWeight.map { BlockIO(weight: $0) }
        }

        /// berth's `Resources` for this entry.
        var resources: Resources {
            var r = Resources()
            r.memory = memory?.limit
            r.memoryReservation = memory?.reservation
            r.memorySwap = memory?.swap
            r.cpuShares = cpu?.shares
            r.cpuQuota = cpu?.quota
            r.cpuPeriod = cpu?.period
            r.cpusetCpus = cpu?.cpus
            r.cpusetMems = cpu?.mems
            r.pidsLimit = pids?.limit
            r.blkioWeight = blockIO?.weight
            return r
        }
    }

    package var ociVersion: String
    package var process: Process?
    package var root: Root?
    package var hostname: String?
    package var mounts: [Mount]?
    package var linux: Linux?
    /// `annotations`: berth writes `initAnnotation` here.
    package var annotations: [String: String]?
}

extension OCIConfig {
    /// berth's annotation for `ContainerSpec.initProcess` (the OCI config has no field for it; Docker
    /// bind-mounts its docker-init into the rootfs and makes it the process instead).
    package static let initAnnotation = "org.berth.init"

    /// The standard mounts berth's container-init always makes, as runc's `spec` spells them.
    static func standardMounts(shmSize: Int64?) -> [Mount] {
        [
            Mount(destination: "/proc", type: "proc", source: "proc", options: nil),
            Mount(
                destination: "/dev", type: "tmpfs", source: "tmpfs",
                options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            Mount(
                destination: "/dev/pts", type: "devpts", source: "devpts",
                options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            Mount(
                destination: "/dev/shm", type: "tmpfs", source: "shm",
                options: ["nosuid", "noexec", "nodev", "mode=1777", shmSize.map { "size=\($0)" } ?? "size=65536k"]),
            Mount(
                destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
        ]
    }

    /// Destinations container-init mounts by itself; config.json entries for them are not passed on.
    static let builtInDestinations: Set<String> = [
        "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup",
    ]

    /// The config.json that describes `spec` (written for every container).
    package init(spec: ContainerSpec) {
        let rootPath: String
        switch spec.root {
        case .directory(let path): rootPath = path
        case .overlay(_, _, _, let target): rootPath = target
        }
        self.init(
            ociVersion: "1.0.2",
            process: Process(
                terminal: false, user: User(spec: spec), args: spec.args, env: spec.env, cwd: spec.cwd,
                noNewPrivileges: spec.noNewPrivileges,
                // Absent capabilities leave the runtime's own set (runc and crun do the same): privileged.
                capabilities: spec.capabilities.map {
                    ProcessCapabilities(bounding: $0, effective: $0, inheritable: nil, permitted: $0, ambient: nil)
                },
                rlimits: spec.rlimits.isEmpty
                    ? nil : spec.rlimits.map { POSIXRlimit(type: $0.type, hard: $0.hard, soft: $0.soft) }),
            root: Root(path: rootPath, readonly: spec.readonlyRoot),
            hostname: spec.hostname,
            mounts: Self.standardMounts(shmSize: spec.shmSize)
                + spec.mounts.map {
                    Mount(destination: $0.destination, type: $0.type, source: $0.source, options: $0.options)
                },
            linux: Linux(
                namespaces: spec.namespaces.sorted().map { Namespace(type: $0.rawValue, path: nil) }
                    + (spec.userNamespace == nil ? [] : [Namespace(type: "user", path: nil)]),
                maskedPaths: spec.maskedPaths,
                readonlyPaths: spec.readonlyPaths,
                seccomp: spec.resolvedSeccomp,
                resources: LinuxResources(spec.resources),
                cgroupsPath: spec.cgroupPath.map { "/" + $0 },
                sysctl: spec.sysctls.isEmpty ? nil : spec.sysctls,
                uidMappings: spec.userNamespace?.uidMappings, gidMappings: spec.userNamespace?.gidMappings),
            annotations: spec.initProcess == true ? [Self.initAnnotation: "true"] : nil)
    }
}
