import CLinux
import Glibc

/// The container's root, open as a directory, and paths inside it resolved by the kernel with
/// openat2(RESOLVE_IN_ROOT): a symlink or `..` in the image cannot lead outside the rootfs, so
/// neither a directory we create nor a mount we make can land on the host's files.
struct RootDirectory {
    /// An O_PATH descriptor of the mounted root; kept open until exec (CLOEXEC).
    let descriptor: Int32
    let path: String
    /// Host uid and gid of container root with a user namespace: what is created here is given to it
    /// (the upper layer is not idmapped, so host root would show as nobody inside).
    var owner: (uid: UInt32, gid: UInt32)?
    /// The root is an idmapped folder: host root cannot create anything there (its id has no place in
    /// the mount's map: EOVERFLOW), so files are created with `owner` as the fs ids, which the mount
    /// maps back to host root on disk.
    var idmapped = false

    /// O_PATH (asm-generic fcntl.h; the same on x86_64 and aarch64), spelled here because Glibc
    /// exports it only under _GNU_SOURCE.
    private static let pathOnly: Int32 = 0o1000_0000
    private static let resolveInRoot: UInt64 = 0x10  // RESOLVE_IN_ROOT (linux/openat2.h)
    private static let resolveNoSymlinks: UInt64 = 0x04  // RESOLVE_NO_SYMLINKS

    /// Opens `path`, which must be the root already mounted.
    init(_ path: String) throws(InitFailure) {
        descriptor = open(path, Self.pathOnly | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw InitFailure("open root \(path): \(errorText(errno))") }
        self.path = path
    }

    /// An O_PATH descriptor of `path` (relative to the root, symlinks resolved inside it); -1 with
    /// errno when it does not resolve.
    func resolve(_ path: String, directory: Bool = false) -> Int32 {
        let flags = Self.pathOnly | O_CLOEXEC | (directory ? O_DIRECTORY : 0)
        while true {
            let fd = clinux_openat2(descriptor, relative(path), flags, 0, Self.resolveInRoot)
            if fd >= 0 || errno != EINTR && errno != EAGAIN { return fd }
        }
    }

    /// Creates the directory `path` and its missing parents inside the root (mode 0755) and returns
    /// an O_PATH descriptor of it (the caller closes it). A dangling symlink on the way is followed
    /// inside the root and its target made, as runc does.
    func makeDirectories(_ path: String, depth: Int = 0) throws(InitFailure) -> Int32 {
        let existing = resolve(path, directory: true)
        if existing >= 0 { return existing }
        var current = dup(descriptor)
        var prefix = ""
        for component in path.split(separator: "/") {
            let parent = prefix
            prefix += "/" + component
            var next = resolve(prefix, directory: true)
            var code = errno
            if next < 0 && code == ENOENT {
                if creating({ mkdirat(current, String(component), 0o755) }) == 0 {
                    do throws(InitFailure) {
                        try own(current, String(component), prefix)
                    } catch {
                        close(current)
                        throw error
                    }
                } else if errno != EEXIST {
                    code = errno
                    close(current)
                    throw InitFailure("mkdir \(prefix) in the container: \(errorText(code))")
                }
                next = resolve(prefix, directory: true)
                code = errno
                if next < 0, code == ENOENT, let target = try danglingTarget(current, component, parent, depth) {
                    next = try makeDirectories(target, depth: depth + 1)
                }
            }
            close(current)
            guard next >= 0 else { throw InitFailure("mkdir \(prefix) in the container: \(errorText(code))") }
            current = next
        }
        return current
    }

    /// Creates an empty file at `path` inside the root unless something is there (for bind-mounting
    /// a file onto it) and returns an O_PATH descriptor of what is there.
    func makeFile(_ path: String, depth: Int = 0) throws(InitFailure) -> Int32 {
        let existing = resolve(path)
        if existing >= 0 { return existing }
        let name = path.split(separator: "/").last ?? ""
        let parentPath = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let parent = try makeDirectories(parentPath, depth: depth)
        defer { close(parent) }
        let fd = creating { openat(parent, String(name), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o644) }
        if fd < 0 && errno != EEXIST { throw InitFailure("create \(path) in the container: \(errorText(errno))") }
        if fd >= 0 {
            defer { close(fd) }
            if !idmapped, let owner, fchown(fd, owner.uid, owner.gid) != 0 {
                throw InitFailure("chown \(path) in the container: \(errorText(errno))")
            }
        }
        let created = resolve(path)
        if created < 0, errno == ENOENT, let target = try danglingTarget(parent, name, parentPath, depth) {
            return try makeFile(target, depth: depth + 1)
        }
        guard created >= 0 else { throw InitFailure("create \(path) in the container: \(errorText(errno))") }
        return created
    }

    /// The root-relative path a dangling symlink `name` in `parent` (at `parentPath`) points to; nil
    /// when `name` is not a symlink.
    private func danglingTarget(_ parent: Int32, _ name: Substring, _ parentPath: String, _ depth: Int)
        throws(InitFailure) -> String?
    {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(parent, String(name), &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        guard depth < 40 else { throw InitFailure("\(parentPath)/\(name) in the container: too many symlinks") }
        let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return target.hasPrefix("/") ? target : parentPath + "/" + target
    }

    /// Creates the directory `name` right under the root when missing and checks it is a real
    /// directory, not a symlink: the standard mounts (/proc, /dev, /sys) are then safe to address
    /// by string path below the root.
    func makePlainDirectory(_ name: String) throws(InitFailure) {
        if creating({ mkdirat(descriptor, name, 0o755) }) == 0 {
            try own(descriptor, name, "/" + name)
        } else if errno != EEXIST {
            throw InitFailure("mkdir /\(name) in the container: \(errorText(errno))")
        }
        let flags = Self.pathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        let fd = clinux_openat2(descriptor, name, flags, 0, Self.resolveInRoot | Self.resolveNoSymlinks)
        guard fd >= 0 else {
            throw InitFailure("/\(name) in the container must be a directory, not a symlink: \(errorText(errno))")
        }
        close(fd)
    }

    /// Runs a creating call (errno kept) with `owner` as the fs ids on an idmapped root. Dropping fsuid 0
    /// drops the fs capabilities, which come back with it; container-init is single-threaded.
    private func creating(_ call: () -> Int32) -> Int32 {
        guard idmapped, let owner else { return call() }
        let group = clinux_setfsgid(owner.gid)
        let user = clinux_setfsuid(owner.uid)
        let rc = call()
        let saved = errno
        clinux_setfsuid(uid_t(user))
        clinux_setfsgid(gid_t(group))
        errno = saved
        return rc
    }

    /// Gives `name` in `parent` (just created) to `owner`, if any.
    private func own(_ parent: Int32, _ name: String, _ path: String) throws(InitFailure) {
        guard let owner, !idmapped else { return }
        if fchownat(parent, name, owner.uid, owner.gid, AT_SYMLINK_NOFOLLOW) != 0 {
            throw InitFailure("chown \(path) in the container: \(errorText(errno))")
        }
    }

    /// The path through which mount(2) reaches what `fd` refers to.
    static func procPath(_ fd: Int32) -> String {
        "/proc/self/fd/\(fd)"
    }

    private func relative(_ path: String) -> String {
        let trimmed = path.drop { $0 == "/" }
        return trimmed.isEmpty ? "." : String(trimmed)
    }
}
