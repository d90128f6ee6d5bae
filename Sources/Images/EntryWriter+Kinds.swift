import CArchive
import CImages
import Foundation

extension EntryWriter {
    func folder(_ name: String, in parent: Int32, _ entry: OpaquePointer) throws {
        try removeExisting(name, in: parent, keepFolder: true)
        if mkdirat(parent, name, 0o700) != 0 && errno != EEXIST {
            throw SystemCallError(call: "mkdirat", errno: errno, path: name)
        }
        let fd = try sys("openat", name) { openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        defer { close(fd) }
        try setMetadata(fd: fd, entry, name: name)
    }

    func file(_ name: String, in parent: Int32, _ entry: OpaquePointer) throws {
        try removeExisting(name, in: parent)
        let fd = try sys("openat", name) {
            openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        defer { close(fd) }
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(archive, &block, &size, &offset)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN else {
                let detail = archive_error_string(archive).map { String(cString: $0) } ?? "read error"
                throw ImageError(.invalidContent, "entry \"\(name)\": \(detail)")
            }
            var done = 0
            while done < size {
                let written = pwrite(fd, block?.advanced(by: done), size - done, off_t(offset) + off_t(done))
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw SystemCallError(call: "pwrite", errno: errno, path: name) }
                done += written
            }
        }
        // Sparse entries may end in a hole: the file must still have the entry's size.
        try sys("ftruncate", name) { ftruncate(fd, off_t(archive_entry_size(entry))) }
        try setExtendedAttributes(fd: fd, entry, name: name)
        try setMetadata(fd: fd, entry, name: name)
    }

    func symlink(_ name: String, in parent: Int32, _ entry: OpaquePointer) throws {
        let target = archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
        try removeExisting(name, in: parent)
        // The link's text is stored as is: it is only ever resolved inside the container's root.
        try sys("symlinkat", name) { symlinkat(target, parent, name) }
        if let (uid, gid) = try owner(of: entry, name: name) {
            try sys("fchownat", name) { fchownat(parent, name, uid, gid, AT_SYMLINK_NOFOLLOW) }
        }
        let times = Self.times(entry)
        try sys("utimensat", name) { utimensat(parent, name, times, AT_SYMLINK_NOFOLLOW) }
    }

    func hardLink(_ name: String, in parent: Int32, to rawTarget: String, raw: String) throws {
        let components = try Self.components(rawTarget)
        guard let targetName = components.last else {
            throw ImageError(.unsafeLayer, "entry \"\(raw)\": hard link to the layer root")
        }
        guard let targetParent = try? openFolder(base + components.dropLast(), create: false) else {
            throw ImageError(.unsafeLayer, "entry \"\(raw)\": hard link target \"\(rawTarget)\" is not in the layer")
        }
        defer { close(targetParent) }
        var info = stat()
        guard fstatat(targetParent, targetName, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw ImageError(.unsafeLayer, "entry \"\(raw)\": hard link target \"\(rawTarget)\" is not in the layer")
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            throw ImageError(.unsafeLayer, "entry \"\(raw)\": hard link to a folder")
        }
        try removeExisting(name, in: parent)
        // Flags 0: link the entry itself, never what a symlink at the target points to.
        try sys("linkat", name) { linkat(targetParent, targetName, parent, name, 0) }
    }

    func node(_ name: String, in parent: Int32, _ entry: OpaquePointer, type: mode_t, raw: String) throws {
        if type != S_IFIFO && !policy.allowDeviceNodes {
            throw ImageError(.unsafeLayer, "entry \"\(raw)\": device nodes are not allowed here")
        }
        try removeExisting(name, in: parent)
        let major = UInt32(truncatingIfNeeded: archive_entry_rdevmajor(entry))
        let minor = UInt32(truncatingIfNeeded: archive_entry_rdevminor(entry))
        try sys("mknodat", name) { cimages_mknodat(parent, name, type | 0o600, major, minor) }
        let perm = archive_entry_perm(entry) & 0o7777
        if let (uid, gid) = try owner(of: entry, name: name) {
            try sys("fchownat", name) { fchownat(parent, name, uid, gid, AT_SYMLINK_NOFOLLOW) }
        }
        try sys("fchmodat", name) { fchmodat(parent, name, perm, 0) }
    }

    /// `.wh..wh..opq` marks the parent opaque; `.wh.NAME` becomes a 0:0 character device named NAME.
    func whiteout(_ name: String, in parent: Int32, raw: String) throws {
        guard policy.overlayWhiteouts else {
            throw ImageError(.unsafeLayer, "entry \"\(raw)\": whiteouts are not allowed here")
        }
        if name == ".wh..wh..opq" {
            try sys("fsetxattr", raw) { fsetxattr(parent, "trusted.overlay.opaque", "y", 1, 0) }
            return
        }
        let hidden = String(name.dropFirst(4))
        guard !hidden.isEmpty, hidden != ".", hidden != ".." else {
            throw ImageError(.unsafeLayer, "entry \"\(raw)\": whiteout without a name")
        }
        try removeExisting(hidden, in: parent)
        try sys("mknodat", raw) { cimages_mknodat(parent, hidden, S_IFCHR, 0, 0) }
    }

    /// The owner to give an entry: its own ids with `applyOwnership`, shifted into the host's by the
    /// owner map when there is one (container root's without `applyOwnership`); nil to leave it as made.
    private func owner(of entry: OpaquePointer, name: String) throws -> (uid_t, gid_t)? {
        let uid = policy.applyOwnership ? UInt32(truncatingIfNeeded: archive_entry_uid(entry)) : 0
        let gid = policy.applyOwnership ? UInt32(truncatingIfNeeded: archive_entry_gid(entry)) : 0
        guard let map = policy.ownerMap else { return policy.applyOwnership ? (uid, gid) : nil }
        guard let hostUID = OwnerMap.host(uid, in: map.uids), let hostGID = OwnerMap.host(gid, in: map.gids) else {
            throw ImageError(
                .invalidContent,
                "entry \"\(name)\": owner \(uid):\(gid) has no mapping in the container's user namespace")
        }
        return (hostUID, hostGID)
    }

    /// Owner first, then mode (chown clears setuid bits), then times: the mode ends exactly as in the layer.
    private func setMetadata(fd: Int32, _ entry: OpaquePointer, name: String) throws {
        if let (uid, gid) = try owner(of: entry, name: name) {
            try sys("fchown", name) { fchown(fd, uid, gid) }
        }
        try sys("fchmod", name) { fchmod(fd, archive_entry_perm(entry) & 0o7777) }
        let times = Self.times(entry)
        try sys("futimens", name) { futimens(fd, times) }
    }

    /// Only file capabilities and user attributes are kept; trusted.* (overlay's own) and others are dropped.
    private func setExtendedAttributes(fd: Int32, _ entry: OpaquePointer, name: String) throws {
        guard archive_entry_xattr_reset(entry) > 0 else { return }
        var key: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while archive_entry_xattr_next(entry, &key, &value, &size) == ARCHIVE_OK {
            guard let key else { continue }
            let text = String(cString: key)
            guard text == "security.capability" || text.hasPrefix("user.") else { continue }
            try sys("fsetxattr", name) { fsetxattr(fd, key, value, size, 0) }
        }
    }

    /// atime and mtime, both the entry's mtime.
    private static func times(_ entry: OpaquePointer) -> [timespec] {
        let mtime = timespec(tv_sec: archive_entry_mtime(entry), tv_nsec: archive_entry_mtime_nsec(entry))
        return [mtime, mtime]
    }
}
