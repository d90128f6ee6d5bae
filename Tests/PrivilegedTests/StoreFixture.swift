import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

/// A busybox rootfs plus a container store in a temp root, removed afterwards (containers force-deleted).
struct StoreFixture {
    let rootfs: BusyboxRootfs
    let store: ContainerStore

    var root: String { rootfs.directory + "/state" }

    static func with(_ body: (StoreFixture) throws -> Void) throws {
        try BusyboxRootfs.with { rootfs in
            let root = rootfs.directory + "/state"
            let store = try ContainerStore(root: root, runRoot: root + "/run", runtime: ContainerRuntime())
            defer {
                for record in store.list() { try? store.delete(record.id, force: true) }
            }
            try body(StoreFixture(rootfs: rootfs, store: store))
        }
    }

    /// A config running `args` on the busybox rootfs.
    func config(_ args: [String], name: String = "", configure: (inout ContainerConfig) -> Void = { _ in })
        -> ContainerConfig
    {
        var config = ContainerConfig(spec: ContainerSpec(root: .directory(rootfs.rootfs), args: args))
        config.name = name
        configure(&config)
        return config
    }

    /// Creates and starts a container; returns its record.
    func run(_ args: [String], configure: (inout ContainerConfig) -> Void = { _ in }) throws -> ContainerRecord {
        let record = try store.create(config(args, configure: configure))
        return try store.start(record.id)
    }

    /// The stdout and stderr text of a container's log.
    func output(_ id: String) throws -> String {
        try store.logs(id).map(\.log).joined()
    }

    /// Whether anything of container `id` is left: folders, cgroup folders, socket.
    func leftovers(_ id: String, cgroupPath: String = "") -> [String] {
        let path = cgroupPath.isEmpty ? "berth/" + id : cgroupPath
        let candidates =
            [store.directory(id), store.runDirectory(id)]
            + ((try? Cgroups(path: path).folders) ?? [])
        return candidates.filter { FileManager.default.fileExists(atPath: $0) }
    }
}
