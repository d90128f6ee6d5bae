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
    }

    /// `process.user`.
    package struct User: Codable, Sendable, Equatable {
        package var uid: UInt32
        package var gid: UInt32
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
    }

    package var ociVersion: String
    package var process: Process?
    package var root: Root?
    package var hostname: String?
    package var mounts: [Mount]?
    package var linux: Linux?
}

extension OCIConfig {
    /// The standard mounts berth's container-init always makes, as runc's `spec` spells them.
    static let standardMounts: [Mount] = [
        Mount(destination: "/proc", type: "proc", source: "proc", options: nil),
        Mount(
            destination: "/dev", type: "tmpfs", source: "tmpfs",
            options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        Mount(
            destination: "/dev/pts", type: "devpts", source: "devpts",
            options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        Mount(
            destination: "/dev/shm", type: "tmpfs", source: "shm",
            options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
        Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
    ]

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
                terminal: false, user: User(uid: 0, gid: 0), args: spec.args, env: spec.env, cwd: spec.cwd,
                noNewPrivileges: nil),
            root: Root(path: rootPath, readonly: spec.readonlyRoot),
            hostname: spec.hostname,
            mounts: Self.standardMounts
                + spec.mounts.map {
                    Mount(destination: $0.destination, type: $0.type, source: $0.source, options: $0.options)
                },
            linux: Linux(
                namespaces: spec.namespaces.sorted().map { Namespace(type: $0.rawValue, path: nil) },
                maskedPaths: spec.maskedPaths,
                readonlyPaths: spec.readonlyPaths))
    }
}
