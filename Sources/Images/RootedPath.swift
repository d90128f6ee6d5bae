import CImages
import Foundation

/// A path inside a root folder (a container's filesystem), resolved as the container would resolve
/// it: `..` and symlinks, absolute or relative, never leave the root (openat2 RESOLVE_IN_ROOT). The
/// last component is not followed unless the path ends in `/` or `/.`, as `docker cp` expects.
package struct RootedPath: Sendable {
    /// The path as the client gave it, made absolute (`/etc/hostname`).
    package var path: String
    /// The folder holding the last component, from the root (`/etc`).
    package var parent: String
    /// The last component (`hostname`); `.` when the path names a folder's content (`/dir/.`, `/`).
    package var name: String
    /// Whether a trailing `/` asks for the last component to be a folder (and followed if a symlink).
    package var followsLast: Bool

    /// Splits `path` (absolute or relative to `/`), cleaned lexically first as dockerd does (`a/../b`
    /// is `b` whatever `a` is); a trailing `/` or `/.` is kept in meaning.
    package init(_ path: String) {
        let absolute = path.hasPrefix("/") ? path : "/" + path
        self.path = absolute
        var parts: [String] = []
        for part in absolute.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(String(part)) }
        }
        let contentOf = absolute.hasSuffix("/.") || parts.isEmpty
        followsLast = absolute.hasSuffix("/") || contentOf
        if contentOf {
            parent = "/" + parts.joined(separator: "/")
            name = "."
        } else {
            parent = "/" + parts.dropLast().joined(separator: "/")
            name = parts.last ?? "."
        }
    }

    /// The name the archive's top entry takes (`hostname`, `etc`, `.`).
    package var archiveName: String { name }

    /// Opens the parent folder under `root` (a descriptor); the caller closes the result.
    package func openParent(in root: Int32) throws(ImageError) -> Int32 {
        try Self.open(parent, in: root, flags: O_RDONLY | O_DIRECTORY)
    }

    /// Opens the path itself, following a final symlink inside the root; the caller closes it.
    package func openFollowing(in root: Int32, flags: Int32 = O_RDONLY | O_DIRECTORY) throws(ImageError) -> Int32 {
        try Self.open(name == "." ? parent : parent + "/" + name, in: root, flags: flags)
    }

    /// Whether the path, following a final symlink inside the root, is a folder.
    package func isFolder(in root: Int32) throws(ImageError) -> Bool {
        let fd = try openFollowing(in: root, flags: cimages_o_path)
        defer { close(fd) }
        var info = stat()
        return fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Opens `path` under `root` with every step resolved inside it.
    static func open(_ path: String, in root: Int32, flags: Int32) throws(ImageError) -> Int32 {
        let relative = String(path.drop { $0 == "/" })
        let resolve = cimages_resolve_in_root | cimages_resolve_no_magiclinks
        let fd = cimages_openat2(root, relative.isEmpty ? "." : relative, flags | O_CLOEXEC, 0, resolve)
        guard fd >= 0 else {
            let code = errno
            let failure = SystemCallError(call: "openat2", errno: code, path: path)
            throw ImageError(code == ENOENT || code == ENOTDIR ? .notFound : .io, "path \(path)", cause: failure)
        }
        return fd
    }
}

/// What `stat` says about a path inside a root, for Docker's `X-Docker-Container-Path-Stat`.
package struct RootedPathStat: Sendable, Equatable {
    /// The last component (`/` for the root).
    package var name: String
    /// Bytes (of the link itself for a symlink).
    package var size: Int64
    /// `st_mode`: type and permission bits.
    package var mode: UInt32
    /// Modification time, seconds and nanoseconds since the epoch.
    package var modifiedSeconds: Int
    package var modifiedNanoseconds: Int
    /// For a symlink, where it points (made absolute inside the root, not resolved further).
    package var linkTarget: String

    /// Stats `path` under `root` without following its last component (unless it ends in `/`).
    package static func stat(_ path: RootedPath, in root: Int32) throws(ImageError) -> RootedPathStat {
        var info = Glibc.stat()
        var target = ""
        if path.followsLast {
            let fd = try path.openFollowing(in: root, flags: cimages_o_path)
            defer { close(fd) }
            guard fstat(fd, &info) == 0 else { throw failure("fstat", path.path) }
        } else {
            let parent = try path.openParent(in: root)
            defer { close(parent) }
            guard fstatat(parent, path.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw failure("fstatat", path.path)
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                target = linkTarget(of: path, parent: parent)
            }
        }
        let name = path.name == "." ? String(path.parent.split(separator: "/").last ?? "/") : path.name
        return RootedPathStat(
            name: name, size: Int64(info.st_size), mode: info.st_mode,
            modifiedSeconds: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec, linkTarget: target)
    }

    private static func linkTarget(of path: RootedPath, parent: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(parent, path.name, &buffer, buffer.count - 1)
        guard count > 0 else { return "" }
        let text = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let joined = text.hasPrefix("/") ? text : path.parent + "/" + text
        // Lexical: `..` stops at the root, as it does inside the container.
        var parts: [Substring] = []
        for part in joined.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func failure(_ call: String, _ path: String) -> ImageError {
        let code = errno
        return ImageError(
            code == ENOENT ? .notFound : .io, "path \(path)",
            cause: SystemCallError(call: call, errno: code, path: path))
    }
}
