import CArchive
import CImages
import Foundation

/// Writes a tar (pax) of a file tree under a root folder to a sink, for `docker cp` out of a
/// container and `docker export`. Every folder is entered with openat(O_NOFOLLOW) from its
/// parent's descriptor, so a symlink planted in the tree is archived as a link and never followed
/// out of the root. Contents of proc, sysfs, cgroup and devpts mounts are not archived.
package final class TreeArchiver {
    /// Receives each piece of the tar; throws to stop the archive.
    package typealias Sink = (UnsafeRawBufferPointer) throws -> Void

    private let archive: OpaquePointer
    private let sink: Sink
    private var sinkError: (any Error)?
    private var hardLinks: [String: String] = [:]
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    /// For a container with a user namespace: owners are written as the container sees them (host ids
    /// outside its ranges as the kernel's overflow id, 65534).
    package var ownerMap: OwnerMap?

    /// An archiver writing to `sink`.
    package init(sink: @escaping Sink) throws(ImageError) {
        guard let archive = archive_write_new() else { throw ImageError(.io, "tar: cannot allocate a writer") }
        self.archive = archive
        self.sink = sink
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_in_last_block(archive, 1)
        let context = Unmanaged.passUnretained(self).toOpaque()
        let opened = archive_write_open(
            archive, context, nil,
            { _, context, bytes, count in
                guard let context else { return -1 }
                let archiver = Unmanaged<TreeArchiver>.fromOpaque(context).takeUnretainedValue()
                return archiver.push(UnsafeRawBufferPointer(start: bytes, count: count))
            }, nil)
        guard opened == ARCHIVE_OK else { throw failure("cannot start the archive") }
    }

    deinit { archive_write_free(archive) }

    private func push(_ bytes: UnsafeRawBufferPointer) -> Int {
        do {
            try sink(bytes)
            return bytes.count
        } catch {
            sinkError = error
            return -1
        }
    }

    /// Archives `path` under `root` with its top entry named `name` (a folder's content under it; an
    /// empty `name` puts a folder's content at the top of the archive).
    package func add(_ path: RootedPath, in root: Int32, as name: String) throws(ImageError) {
        if path.followsLast {
            let fd = try path.openFollowing(in: root)
            defer { close(fd) }
            try addFolder(fd: fd, name: name)
            return
        }
        let parent = try path.openParent(in: root)
        defer { close(parent) }
        try addEntry(path.name, in: parent, as: name)
    }

    /// Writes the end of the archive.
    package func finish() throws(ImageError) {
        guard archive_write_close(archive) == ARCHIVE_OK else { throw failure("cannot finish the archive") }
    }

    private func addEntry(_ child: String, in parent: Int32, as name: String) throws(ImageError) {
        var info = stat()
        guard fstatat(parent, child, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            // Gone since the folder was listed: skip it as tar does.
            if errno == ENOENT { return }
            throw ImageError(
                .io, "tar: cannot stat \(name)", cause: SystemCallError(call: "fstatat", errno: errno, path: name))
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            let fd = openat(parent, child, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return }
            defer { close(fd) }
            try addFolder(fd: fd, name: name)
        case S_IFREG: try addFile(child, in: parent, info: info, as: name)
        case S_IFLNK:
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlinkat(parent, child, &target, target.count - 1)
            guard count >= 0 else { return }
            try header(name, info) { entry in
                archive_entry_set_symlink(
                    entry, String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        case S_IFCHR, S_IFBLK, S_IFIFO:
            try header(name, info) { entry in archive_entry_set_rdev(entry, info.st_rdev) }
        default:
            return  // sockets cannot be archived
        }
    }

    private func addFolder(fd: Int32, name: String) throws(ImageError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ImageError(.io, "tar: cannot stat \(name)") }
        // An empty name (export of a whole root) writes the children at the top, without `./`.
        if !name.isEmpty { try header(name.hasSuffix("/") ? name : name + "/", info) { _ in } }
        guard !Self.isPseudoFilesystem(fd) else { return }
        for child in try Self.names(in: fd, name: name) {
            try addEntry(child, in: fd, as: name.isEmpty ? child : name + "/" + child)
        }
    }

    private func addFile(_ child: String, in parent: Int32, info: stat, as name: String) throws(ImageError) {
        let key = "\(info.st_dev):\(info.st_ino)"
        if info.st_nlink > 1, let first = hardLinks[key] {
            try header(name, info, size: 0) { entry in archive_entry_set_hardlink(entry, first) }
            return
        }
        if info.st_nlink > 1 { hardLinks[key] = name }
        let fd = openat(parent, child, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw ImageError(
                .io, "tar: cannot open \(name)", cause: SystemCallError(call: "openat", errno: errno, path: name))
        }
        defer { close(fd) }
        try header(name, info) { _ in }
        var left = Int64(info.st_size)
        while left > 0 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, Int(left))) }
            if count < 0 && errno == EINTR { continue }
            // A file that shrank while archived is padded by libarchive to the size in its header.
            guard count > 0 else { break }
            let written = buffer.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, count) }
            guard written == count else { throw failure("cannot write \(name)") }
            left -= Int64(count)
        }
    }

    private func header(_ name: String, _ info: stat, size: Int64? = nil, _ extra: (OpaquePointer) -> Void)
        throws(ImageError)
    {
        guard let entry = archive_entry_new() else { throw ImageError(.io, "tar: cannot allocate an entry") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_mode(entry, info.st_mode)
        var (uid, gid) = (UInt32(info.st_uid), UInt32(info.st_gid))
        if let ownerMap {
            uid = OwnerMap.container(uid, in: ownerMap.uids) ?? (ownerMap.keepsUnmapped ? uid : 65534)
            gid = OwnerMap.container(gid, in: ownerMap.gids) ?? (ownerMap.keepsUnmapped ? gid : 65534)
        }
        archive_entry_set_uid(entry, la_int64_t(uid))
        archive_entry_set_gid(entry, la_int64_t(gid))
        archive_entry_set_mtime(entry, info.st_mtim.tv_sec, info.st_mtim.tv_nsec)
        let isFile = info.st_mode & S_IFMT == S_IFREG
        archive_entry_set_size(entry, size ?? (isFile ? la_int64_t(info.st_size) : 0))
        extra(entry)
        guard archive_write_header(archive, entry) >= ARCHIVE_WARN else { throw failure("cannot write \(name)") }
    }

    /// The names in a folder, sorted so archives of the same tree are the same.
    private static func names(in fd: Int32, name: String) throws(ImageError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let folder = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw ImageError(.io, "tar: cannot list \(name)")
        }
        defer { closedir(folder) }
        var names: [String] = []
        while let item = readdir(folder) {
            let child = withUnsafeBytes(of: item.pointee.d_name) {
                String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if child != "." && child != ".." { names.append(child) }
        }
        return names.sorted()
    }

    /// proc, sysfs, cgroup (v1 and v2), devpts, mqueue: kernel views, not files of the container.
    private static func isPseudoFilesystem(_ fd: Int32) -> Bool {
        let kinds: Set<Int64> = [0x9fa0, 0x6265_6572, 0x27e0eb, 0x6367_7270, 0x1cd1, 0x1980_0202]
        return kinds.contains(Int64(cimages_filesystem_type(fd)))
    }

    private func failure(_ what: String) -> ImageError {
        if let sinkError { return ImageError(.io, "tar: \(what)", cause: sinkError) }
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
        return ImageError(.io, "tar: \(what): \(detail)")
    }
}
