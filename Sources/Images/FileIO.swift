import Crypto
import Foundation

/// Small synchronous file helpers: atomic writes, hashing copies. They block; call them off the cooperative pool.
enum FileIO {
    /// Writes `bytes` to `path` atomically: a temp file beside it, fsync, rename, fsync of the folder.
    static func writeAtomically(_ bytes: some DataProtocol, to path: String) throws(ImageError) {
        let temp = path + ".tmp-" + UUID().uuidString.prefix(8)
        do {
            let fd = try sys("open", temp) { open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
            defer { close(fd) }
            try writeAll(fd, Array(bytes), temp)
            try sys("fsync", temp) { fsync(fd) }
            try sys("rename", path) { rename(temp, path) }
        } catch {
            unlink(temp)
            throw ImageError(.io, "cannot write \(path)", cause: error)
        }
        syncFolder(of: path)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress?.advanced(by: offset), raw.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written >= 0 else { throw SystemCallError(call: "write", errno: errno, path: path) }
            offset += written
        }
    }

    /// fsyncs the folder holding `path`, so a rename into it survives a crash.
    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// The sha256 digest and size of a file, or of its copy into `copyTo` (made with O_EXCL, fsynced).
    static func digest(of path: String, copyTo: String? = nil) throws(ImageError) -> (ImageDigest, Int64) {
        do {
            let input = try sys("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
            defer { close(input) }
            var output: Int32 = -1
            if let copyTo {
                output = try sys("open", copyTo) { open(copyTo, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
            }
            defer { if output >= 0 { close(output) } }
            var hasher = SHA256()
            var size: Int64 = 0
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = buffer.withUnsafeMutableBytes { raw in Glibc.read(input, raw.baseAddress, raw.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw SystemCallError(call: "read", errno: errno, path: path) }
                if count == 0 { break }
                hasher.update(data: buffer[0..<count])
                if output >= 0 { try writeAll(output, Array(buffer[0..<count]), copyTo ?? path) }
                size += Int64(count)
            }
            if output >= 0 { try sys("fsync", copyTo ?? path) { fsync(output) } }
            return (ImageDigest(hasher: hasher), size)
        } catch {
            throw ImageError(.io, "cannot read \(path)", cause: error)
        }
    }

    /// Reads a whole (small) file.
    static func read(_ path: String) throws(ImageError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ImageError(.io, "cannot read \(path)", cause: error)
        }
    }

    /// Creates a folder and its parents.
    static func makeFolder(_ path: String) throws(ImageError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ImageError(.io, "cannot create folder \(path)", cause: error)
        }
    }

    /// Removes a file or folder tree, ignoring a missing one.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Whether something exists at `path` (a dangling symlink counts).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
