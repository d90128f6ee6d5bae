import EngineAPI
import Foundation
import Images
import Synchronization

/// The identity of a file's current contents: inode, size and modification time (a file replaced
/// by rename gets a new inode).
struct FileStamp: Equatable, Sendable {
    let inode: UInt64
    let size: Int64
    let modified: timespec

    /// The stamp of `path`; nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = info.st_mtim
    }

    static func == (lhs: FileStamp, rhs: FileStamp) -> Bool {
        lhs.inode == rhs.inode && lhs.size == rhs.size && lhs.modified.tv_sec == rhs.modified.tv_sec
            && lhs.modified.tv_nsec == rhs.modified.tv_nsec
    }
}

/// Container create's view of the image store: the layers and config defaults of an image.
final class ImageStoreProvider: ImageProvider, Sendable {
    let store: ImageStore
    /// Defaults by reference, while the image index is the same file: reading and decoding the
    /// image's files took about 1.5 ms of each create.
    private let cache = Mutex<(index: FileStamp?, entries: [String: ImageDefaults])>((nil, [:]))

    init(store: ImageStore) {
        self.store = store
    }

    func defaults(for reference: String) throws -> ImageDefaults {
        // Every pull, tag, load or removal rewrites the index by rename: a new stamp.
        let stamp = FileStamp(path: store.indexPath)
        if let stamp, let cached = cache.withLock({ $0.index == stamp ? $0.entries[reference] : nil }) {
            return cached
        }
        let defaults = try lookUp(reference)
        cache.withLock { cache in
            if cache.index != stamp { cache = (stamp, [:]) }
            if stamp != nil { cache.entries[reference] = defaults }
        }
        return defaults
    }

    private func lookUp(_ reference: String) throws -> ImageDefaults {
        do {
            let record = try store.inspect(reference)
            var defaults = ImageDefaults(
                id: record.id.description, layers: try store.layerPaths(for: record.id.description))
            guard let config = record.config.config else { return defaults }
            defaults.env = config.Env ?? []
            defaults.cmd = config.Cmd
            defaults.entrypoint = config.Entrypoint
            defaults.workingDir = config.WorkingDir
            defaults.user = config.User
            defaults.stopSignal = config.StopSignal
            defaults.volumes = (config.Volumes ?? [:]).keys.sorted()
            defaults.exposedPorts = (config.ExposedPorts ?? [:]).keys.sorted()
            defaults.labels = config.Labels ?? [:]
            if let check = config.Healthcheck {
                var health = HealthConfig()
                health.test = check.Test
                health.interval = check.Interval
                health.timeout = check.Timeout
                health.retries = check.Retries
                health.startPeriod = check.StartPeriod
                health.startInterval = check.StartInterval
                defaults.healthcheck = health
            }
            return defaults
        } catch {
            throw Self.apiError(error, reference: reference)
        }
    }

    static func apiError(_ error: ImageError, reference: String) -> APIError {
        switch error.code {
        case .notFound: return APIError.notFound("No such image: \(reference)")
        case .invalidReference: return APIError.badRequest(error.description)
        case .conflict: return APIError.conflict(error.description)
        default: return APIError.server(error.description)
        }
    }
}
