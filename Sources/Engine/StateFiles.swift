import Foundation
import JSONCore
import RuntimeCore

/// Crash-safe files of the state folders: JSON written with tmp + fsync + rename.
///
/// The folder's own fsync (which makes the rename itself durable) is needed only for a file that is
/// new to its folder. Replacing a file needs none: a power loss leaves the old or the new file, both
/// whole. So record updates skip it (`syncingFolder: false`), and a container's create writes all
/// its files that way, then syncs the folder once after record.json, its commit point: each fsync
/// costs a journal commit, about 0.3-1 ms here, and a create wrote 13 of them.
///
/// The files of an ephemeral container (AutoRemove: removed once it exited) are not durable at all
/// (`durable: false`: no fsync of file or folder). After a power loss such a container is removed
/// anyway, so its files only have to be whole while the machine runs, which rename gives. Without
/// any fsync its `run --rm` makes no journal commit of its own.
enum StateFiles {
    /// Writes `value` as JSON to `path` atomically; returns the written file's stat.
    @discardableResult
    static func save<T: Encodable>(_ value: T, to path: String, syncingFolder: Bool = true, durable: Bool = true)
        throws -> stat
    {
        try writeAtomic(
            try JSONBytesEncoder(sortedKeys: true).encode(value), to: path, syncingFolder: syncingFolder,
            durable: durable)
    }

    /// Reads JSON from `path`; `what` names the object in the error.
    static func load<T: Decodable>(_ type: T.Type, from path: String, what: String) throws -> T {
        guard let bytes = try? readFileBytes(path) else {
            throw EngineError(.notFound, "\(what): \(path) does not exist")
        }
        let data = Data(bytes)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw EngineError(.invalidSpec, "\(what): \(path) is not valid: \(error)")
        }
    }

    /// tmp + fsync + rename (+ fsync of the folder), so a crash leaves the old or the new file;
    /// tmp + rename alone when not `durable`. Returns the written file's stat (taken before the
    /// rename, so it is this write's inode whatever replaces the file afterwards).
    @discardableResult
    static func writeAtomic(_ bytes: [UInt8], to path: String, syncingFolder: Bool = true, durable: Bool = true)
        throws -> stat
    {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw EngineError(
                .systemCall, "cannot write state", cause: SystemCallError(call: "open", errno: errno, path: temporary))
        }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = !durable || fsync(fd) == 0
        var info = stat()
        let stated = fstat(fd, &info) == 0
        close(fd)
        guard written == bytes.count, synced, stated, rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw EngineError(
                .systemCall, "cannot write state", cause: SystemCallError(call: "write", errno: code, path: path))
        }
        if syncingFolder && durable { syncFolder((path as NSString).deletingLastPathComponent) }
        return info
    }

    /// fsync of a folder: the files created or renamed in it so far survive a power loss.
    static func syncFolder(_ folder: String) {
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// mkdir -p with `mode` for the last component.
    static func makeDirectory(_ path: String, mode: Int = 0o711) throws {
        // The usual case (the parent exists) in two system calls; FileManager takes several per
        // folder (a create made four, about 0.6 ms of CPU).
        if mkdir(path, mode_t(mode)) == 0 {
            if chmod(path, mode_t(mode)) == 0 { return }  // exactly `mode`, whatever the umask
        } else if errno == EEXIST {
            var info = stat()
            if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return }
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        } catch {
            throw EngineError(.systemCall, "cannot create folder \(path)", cause: error)
        }
    }

    /// rm -rf; a missing path is fine.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The start time of `pid` in clock ticks (field 22 of /proc/PID/stat); 0 when it is gone.
    static func startTime(of pid: Int32) -> UInt64 {
        // Plain open and read: String(contentsOfFile:) took 0.1 ms of each inspect of a running container.
        guard let bytes = try? readFileBytes("/proc/\(pid)/stat"),
            let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return 0 }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        return fields.count > 19 ? UInt64(String(decoding: fields[19], as: UTF8.self)) ?? 0 : 0
    }
}
