import Engine
import EngineAPI
import Foundation
import Images

#if canImport(Glibc)
    import Glibc
#endif

/// `GET /system/df`: what images, containers (their writable layers) and volumes take on disk.
/// Sizes are measured by walking the folders (allocated blocks, hard links counted once), so a
/// large volume makes the call slower, as with dockerd.
enum DiskUsageRoutes {
    private static let kinds = ["container", "image", "volume", "build-cache"]

    static func register(on router: inout Router, daemon: DaemonState) {
        router.add(.GET, "/system/df") { request in
            let asked = (request.query["type"] ?? []).filter { !$0.isEmpty }
            if let unknown = asked.first(where: { !kinds.contains($0) }) {
                throw APIError.badRequest(
                    "type: unknown object type \"\(unknown)\" (one of \(kinds.joined(separator: ", ")))")
            }
            let wants = { (kind: String) in asked.isEmpty || asked.contains(kind) }
            var body = DiskUsage()
            let records = daemon.containers.store.list()
            if wants("image") {
                let images = try ImageRoutes.images { try daemon.images.list() }
                body.Images = images.map { record in
                    var summary = ImageRoutes.summary(record)
                    summary.containers = records.filter { $0.config.imageID == record.id.description }.count
                    return summary
                }
                body.LayersSize = images.reduce(0) { $0 + $1.size }
            }
            if wants("container") {
                body.Containers = try containerUsage(daemon, records)
            }
            if wants("volume") {
                body.Volumes = daemon.volumes.list().map { volume in
                    var sized = volume
                    let users = daemon.volumeUsers(volume.name).count
                    sized.usageData = Volume.UsageData(
                        size: FolderSize.bytes(daemon.volumes.mountpoint(of: volume.name)), refCount: Int64(users))
                    return sized
                }
            }
            if wants("build-cache") { body.BuildCache = [] }
            return try .json(body)
        }
    }

    private static func containerUsage(_ daemon: DaemonState, _ records: [ContainerRecord]) throws
        -> [ContainerSummary]
    {
        let sizes = Dictionary(
            records.map { record in
                (record.id, FolderSize.bytes(daemon.containers.store.directory(record.id) + "/upper"))
            }, uniquingKeysWith: { first, _ in first })
        return try daemon.containers.list(all: true, filters: [:]).map { summary in
            var sized = summary
            sized.sizeRw = sizes[summary.id] ?? 0
            return sized
        }
    }

    private struct DiskUsage: Encodable {
        var LayersSize: Int64?
        var Images: [ImageSummary]?
        var Containers: [ContainerSummary]?
        var Volumes: [Volume]?
        var BuildCache: [String]?
    }
}

/// Bytes a folder tree takes on disk, without following symlinks or leaving its filesystem.
enum FolderSize {
    static func bytes(_ path: String) -> Int64 {
        var seen = Set<String>()
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return 0
        }
        return walk(fd, device: info.st_dev, seen: &seen)
    }

    /// Sums the children of the folder `fd` (which it closes).
    private static func walk(_ fd: Int32, device: dev_t, seen: inout Set<String>) -> Int64 {
        guard let folder = fdopendir(fd) else {
            close(fd)
            return 0
        }
        defer { closedir(folder) }
        var total: Int64 = 0
        while let item = readdir(folder) {
            let name = withUnsafeBytes(of: item.pointee.d_name) {
                String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            var info = stat()
            guard fstatat(dirfd(folder), name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_dev == device else {
                continue
            }
            if info.st_nlink > 1 && !seen.insert("\(info.st_ino)").inserted { continue }
            total += Int64(info.st_blocks) * 512
            if info.st_mode & S_IFMT == S_IFDIR {
                let child = openat(dirfd(folder), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 { total += walk(child, device: device, seen: &seen) }
            }
        }
        return total
    }
}
