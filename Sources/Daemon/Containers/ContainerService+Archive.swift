import Engine
import EngineAPI
import Foundation
import Images

/// `docker cp` and `docker export`: tars of paths in a container's filesystem, and tars extracted into it.
extension ContainerService {
    /// Stats `path` in the container (the last component not followed), for the path-stat header.
    func statPath(_ reference: String, path: String) throws -> ContainerPathStat {
        let rooted = try Self.rootedPath(path)
        let record = try engine { try store.inspect(reference) }
        return try rootfs(record).withRoot(writable: false) { root in
            ContainerPathStat(try archiveWork(record, path) { try RootedPathStat.stat(rooted, in: root) })
        }
    }

    /// Streams a tar of `path` to `sink`: its top entry named as the path's last component, as the
    /// docker CLI expects. Call `statPath` first so a missing path is a 404 before anything is sent.
    func archive(_ reference: String, path: String, sink: @escaping TreeArchiver.Sink) throws {
        let rooted = try Self.rootedPath(path)
        let record = try engine { try store.inspect(reference) }
        try rootfs(record).withRoot(writable: false) { root in
            try archiveWork(record, path) {
                let archiver = try TreeArchiver(sink: sink)
                archiver.ownerMap = record.config.spec.userNamespace.map(OwnerMap.init)
                // Stopped, the layers are read without their idmapped mounts (see ContainerRootfs).
                archiver.ownerMap?.keepsUnmapped = record.state.status != .running && record.state.status != .paused
                try archiver.add(rooted, in: root, as: rooted.archiveName)
                try archiver.finish()
            }
        }
    }

    /// Extracts the tar read from `body` into the folder `path` of the container (which must exist).
    func extract(
        _ reference: String, path: String, body: any RequestBody, keepKinds: Bool, ownership: Bool
    ) throws {
        var rooted = try Self.rootedPath(path)
        let record = try engine { try store.inspect(reference) }
        rooted.followsLast = true
        try rootLocks.withLock(record.id) {
            // Inspect again under the lock: the container may have started since.
            let current = try engine { try store.inspect(record.id) }
            let running = current.state.status == .running || current.state.status == .paused
            if current.config.spec.readonlyRoot && !running {
                throw APIError.conflict("container \(record.name): its root filesystem is read-only")
            }
            try rootfs(current).withRoot(writable: true) { root in
                try archiveWork(current, path) {
                    guard try rooted.isFolder(in: root) else {
                        throw APIError.badRequest("extraction point is not a directory: \(path)")
                    }
                    let extractor = try TreeExtractor { try body.read() }
                    try extractor.extract(
                        into: rooted.parent + "/" + rooted.name, in: root, ownership: ownership, keepKinds: keepKinds,
                        ownerMap: current.config.spec.userNamespace.map(OwnerMap.init))
                }
            }
        }
        events.publish(containerEvent("extract-to-dir", record))
    }

    /// Streams a tar of the container's filesystem (its layers, without volumes or mounts).
    func export(_ reference: String, sink: @escaping TreeArchiver.Sink) throws {
        let record = try engine { try store.inspect(reference) }
        try rootfs(record).withRoot(writable: false, layersOnly: true) { root in
            try archiveWork(record, "/") {
                let archiver = try TreeArchiver(sink: sink)
                // The layers are read as they are on disk, without idmapped mounts: shift the owners
                // back into the container's user namespace, as `archive` does for a stopped container.
                archiver.ownerMap = record.config.spec.userNamespace.map(OwnerMap.init)
                archiver.ownerMap?.keepsUnmapped = true
                try archiver.add(RootedPath("/"), in: root, as: "")
                try archiver.finish()
            }
        }
        events.publish(containerEvent("export", record))
    }

    private func rootfs(_ record: ContainerRecord) -> ContainerRootfs {
        ContainerRootfs(record: record, runRoot: store.runRoot)
    }

    /// Runs archive work, turning its errors into Docker's answers (a missing path is a 404 naming it).
    private func archiveWork<T>(_ record: ContainerRecord, _ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ImageError {
            switch error.code {
            case .notFound:
                throw APIError.notFound("Could not find the file \(path) in container \(record.name)")
            case .conflict, .unsafeLayer, .invalidContent:
                throw APIError.badRequest("container \(record.name): \(path): \(error)")
            default:
                throw APIError.server("container \(record.name): \(path): \(error)")
            }
        }
    }

    static func rootedPath(_ path: String?) throws -> RootedPath {
        guard let path, !path.isEmpty else { throw APIError.badRequest("path: missing (a path in the container)") }
        guard !path.utf8.contains(0) else { throw APIError.badRequest("path: contains a NUL byte") }
        return RootedPath(path)
    }
}

/// Docker's `X-Docker-Container-Path-Stat`: the path's name, size, Go `os.FileMode` bits, mtime and link target.
struct ContainerPathStat: Codable, Sendable, Equatable {
    var name: String
    var size: Int64
    var mode: UInt32
    var mtime: String
    var linkTarget: String

    init(_ stat: RootedPathStat) {
        name = stat.name
        size = stat.size
        mode = Self.goFileMode(stat.mode)
        mtime = formatTimestamp(Int64(stat.modifiedSeconds) * 1_000_000_000 + Int64(stat.modifiedNanoseconds))
        linkTarget = stat.linkTarget
    }

    /// Go's `os.FileMode`: permission bits plus type and special bits in the high bits.
    static func goFileMode(_ mode: UInt32) -> UInt32 {
        var bits = mode & 0o777
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFDIR): bits |= 1 << 31
        case UInt32(S_IFLNK): bits |= 1 << 27
        case UInt32(S_IFIFO): bits |= 1 << 25
        case UInt32(S_IFSOCK): bits |= 1 << 24
        case UInt32(S_IFBLK): bits |= 1 << 26
        case UInt32(S_IFCHR): bits |= 1 << 26 | 1 << 21
        default: break
        }
        if mode & UInt32(S_ISUID) != 0 { bits |= 1 << 23 }
        if mode & UInt32(S_ISGID) != 0 { bits |= 1 << 22 }
        if mode & UInt32(S_ISVTX) != 0 { bits |= 1 << 20 }
        return bits
    }

    /// The header value: base64 of the JSON.
    func headerValue() throws -> String {
        try JSONEncoder().encode(self).base64EncodedString()
    }
}

extension OwnerMap {
    /// The ranges of a container's user namespace.
    init(_ namespace: UserNamespace) {
        func ranges(_ mappings: [UserNamespace.Mapping]) -> [Range] {
            mappings.map { Range(containerID: $0.containerID, hostID: $0.hostID, size: $0.size) }
        }
        self.init(uids: ranges(namespace.uidMappings), gids: ranges(namespace.gidMappings))
    }
}
