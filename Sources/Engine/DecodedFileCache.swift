import Foundation
import Synchronization

/// Decoded JSON state files, kept while the file is unchanged. Every state file is replaced by
/// rename (a new inode), so the inode, size and modification time tell a stale entry apart; a
/// write by another process is seen at once. Listing many containers then costs a stat per file
/// instead of a JSON decode (records carry the resolved seccomp profile, tens of kilobytes).
package final class DecodedFileCache<Value: Decodable & Sendable>: Sendable {
    private struct Stamp: Equatable {
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int

        init(_ info: stat) {
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            seconds = info.st_mtim.tv_sec
            nanoseconds = info.st_mtim.tv_nsec
        }
    }

    private let entries = Mutex<[String: (stamp: Stamp, value: Value)]>([:])
    /// Above this many entries, entries of files that are gone are dropped (deleted containers).
    private let pruneAbove = Mutex(256)

    /// An empty cache.
    package init() {}

    /// The decoded contents of `path`: from the cache while the file is the same, else read and
    /// decoded (and kept). nil when the file is missing.
    package func value(at path: String, decode: (Data) throws -> Value) throws -> Value? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            entries.withLock { $0[path] = nil }
            return nil
        }
        let stamp = Stamp(info)
        if let entry = entries.withLock({ $0[path] }), entry.stamp == stamp { return entry.value }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let value = try decode(data)
        entries.withLock { $0[path] = (stamp, value) }
        pruneIfLarge()
        return value
    }

    /// Drops entries whose file is gone once the cache has grown past its mark, then sets the
    /// mark to twice what is left, so pruning costs little per insertion.
    private func pruneIfLarge() {
        let paths = entries.withLock { Array($0.keys) }
        guard paths.count > pruneAbove.withLock({ $0 }) else { return }
        let gone = paths.filter { access($0, F_OK) != 0 }
        let left = entries.withLock { entries in
            for path in gone { entries[path] = nil }
            return entries.count
        }
        pruneAbove.withLock { $0 = max(256, left * 2) }
    }

    /// Keeps `value` as the contents of `path`, which this process just wrote: `written` is the
    /// stat of that write's file, so the next read of `path` decodes nothing while it is unchanged.
    package func keep(_ value: Value, at path: String, written: stat) {
        entries.withLock { $0[path] = (Stamp(written), value) }
    }

    /// Keeps `value` for `path` as the file is now: while it stays unchanged, reads give `value`
    /// instead of its contents (a state this process knows and does not write).
    package func keep(_ value: Value, at path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        keep(value, at: path, written: info)
    }

    /// Forgets `path` (its folder is being removed).
    package func forget(_ path: String) {
        _ = entries.withLock { $0.removeValue(forKey: path) }
    }
}
