import CArchive
import CImages
import Foundation

/// Unpacks a layer tar into a folder so that nothing lands outside it. Every parent folder is opened with
/// openat2(RESOLVE_IN_ROOT) relative to the target, so `..` and symlinks (absolute or relative, from this or an
/// earlier entry) resolve inside the target; the last component is created with O_EXCL/O_NOFOLLOW-style calls
/// that never follow a symlink. Entries naming `..` are refused outright.
package struct LayerUnpacker {
    /// What the unpack may create.
    package var policy: UnpackPolicy

    /// An unpacker with a policy.
    package init(policy: UnpackPolicy) { self.policy = policy }

    /// Unpacks `archivePath` (tar, tar+gzip, tar+zstd) into the existing empty folder `target`. Blocks; run it on a
    /// dedicated thread. Returns the digest and size of the uncompressed tar (the layer's diff ID).
    package func unpack(_ archivePath: String, into target: String) throws(ImageError) -> (ImageDigest, Int64) {
        let stream = try TarStream(path: archivePath)
        let root: Int32
        do {
            root = try sys("open", target) { open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        } catch {
            throw ImageError(.io, "snapshot \(target): cannot open", cause: error)
        }
        defer { close(root) }
        let writer = EntryWriter(root: root, policy: policy, archive: stream.archive)
        while let entry = try stream.next() {
            try writer.write(entry)
        }
        return try stream.finish()
    }
}

/// Applies one tar entry under the folder `root` (under `base` inside it, when given).
struct EntryWriter {
    let root: Int32
    let policy: UnpackPolicy
    let archive: OpaquePointer
    /// The folder (from `root`) entries are relative to; symlinks still resolve inside `root`.
    var base: [String] = []
    /// Refuse to replace a folder with a non-folder or the reverse (`docker cp`'s noOverwriteDirNonDir).
    var keepsKinds = false

    func write(_ entry: OpaquePointer) throws(ImageError) {
        let raw = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        do {
            try apply(entry, raw: raw)
        } catch let error as ImageError {
            throw error
        } catch {
            throw ImageError(.io, "entry \"\(raw)\": cannot be written", cause: error)
        }
    }

    private func apply(_ entry: OpaquePointer, raw: String) throws {
        let components = try Self.components(raw)
        guard let name = components.last else { return }
        let parent = try openFolder(base + components.dropLast(), create: true)
        defer { close(parent) }
        if keepsKinds { try checkKind(of: name, in: parent, entry, raw: raw) }
        if name.hasPrefix(".wh.") {
            try whiteout(name, in: parent, raw: raw)
            return
        }
        if let target = archive_entry_hardlink(entry).map({ String(cString: $0) }) {
            try hardLink(name, in: parent, to: target, raw: raw)
            return
        }
        let type = archive_entry_filetype(entry) & S_IFMT
        switch type {
        case S_IFDIR: try folder(name, in: parent, entry)
        case S_IFREG: try file(name, in: parent, entry)
        case S_IFLNK: try symlink(name, in: parent, entry)
        case S_IFCHR, S_IFBLK, S_IFIFO: try node(name, in: parent, entry, type: type, raw: raw)
        default: throw ImageError(.unsafeLayer, "entry \"\(raw)\": unsupported file type \(String(type, radix: 8))")
        }
    }

    /// Refuses an entry that would turn a folder into a non-folder or the reverse.
    private func checkKind(of name: String, in parent: Int32, _ entry: OpaquePointer, raw: String) throws {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        let isFolder = info.st_mode & S_IFMT == S_IFDIR
        let willBeFolder = archive_entry_hardlink(entry) == nil && archive_entry_filetype(entry) & S_IFMT == S_IFDIR
        if isFolder && !willBeFolder {
            throw ImageError(.conflict, "entry \"\(raw)\": cannot overwrite a directory with a non-directory")
        }
        if !isFolder && willBeFolder {
            throw ImageError(.conflict, "entry \"\(raw)\": cannot overwrite a non-directory with a directory")
        }
    }

    /// The path's components without empty and `.` parts; a leading `/` is dropped (contained), `..` refused.
    static func components(_ raw: String) throws(ImageError) -> [String] {
        let parts = raw.split(separator: "/").map(String.init).filter { $0 != "." }
        if parts.contains("..") { throw ImageError(.unsafeLayer, "entry \"\(raw)\": path leaves the layer (..)") }
        return parts
    }

    /// Opens the folder at `components` under root, resolving symlinks inside root; creates missing folders.
    func openFolder(_ components: [String], create: Bool) throws -> Int32 {
        var fd = try sys("dup", ".") { dup(root) }
        for index in components.indices {
            let prefix = components[...index].joined(separator: "/")
            let resolve = cimages_resolve_in_root | cimages_resolve_no_magiclinks
            var next = cimages_openat2(root, prefix, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, resolve)
            if next < 0 && errno == ENOENT && create {
                // The previous fd is the resolved parent; mkdirat never follows a symlink in the last component.
                _ = mkdirat(fd, components[index], 0o755)
                next = cimages_openat2(root, prefix, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, resolve)
            }
            let code = errno
            close(fd)
            guard next >= 0 else { throw SystemCallError(call: "openat2", errno: code, path: prefix) }
            fd = next
        }
        return fd
    }

    /// Removes whatever is at `name` in `parent` (a folder with its content), never following a symlink.
    func removeExisting(_ name: String, in parent: Int32, keepFolder: Bool = false) throws {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            if keepFolder { return }
            try removeTree(name, in: parent)
        } else {
            try sys("unlinkat", name) { unlinkat(parent, name, 0) }
        }
    }

    private func removeTree(_ name: String, in parent: Int32) throws {
        let fd = try sys("openat", name) { openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard let dir = fdopendir(fd) else {
            close(fd)
            throw SystemCallError(call: "fdopendir", errno: errno, path: name)
        }
        var children: [String] = []
        while let item = readdir(dir) {
            let child = withUnsafeBytes(of: item.pointee.d_name) {
                String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if child != "." && child != ".." { children.append(child) }
        }
        defer { closedir(dir) }
        for child in children { try removeExisting(child, in: fd) }
        try sys("unlinkat", name) { unlinkat(parent, name, AT_REMOVEDIR) }
    }
}
