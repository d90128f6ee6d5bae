import CLinux
import Glibc

/// One line of a uid or gid map: `size` container ids from `container` onto host ids from `host`.
struct IDMapping {
    var container: UInt32
    var host: UInt32
    var size: UInt32

    /// The host id of container id `id` in `mappings`; nil when unmapped.
    static func host(of id: UInt32, in mappings: [IDMapping]) -> UInt32? {
        for mapping in mappings
        where id >= mapping.container && UInt64(id) < UInt64(mapping.container) + UInt64(mapping.size) {
            return mapping.host + (id - mapping.container)
        }
        return nil
    }
}

/// The container's user namespace. Made before the filesystem (the layers are idmapped to it), joined
/// after it: every mount, sysctl and the other namespaces belong to the initial user namespace, so
/// container root cannot undo them.
struct UserNamespace {
    /// An O_CLOEXEC descriptor of the namespace.
    let descriptor: Int32
    /// The host ids of container root, which owns what container-init makes in the rootfs.
    let rootUser: UInt32
    let rootGroup: UInt32
    private let groups: [IDMapping]

    private static let newUser: Int32 = 0x1000_0000  // CLONE_NEWUSER

    /// Makes the namespace `spec` asks for; nil when it asks for none.
    static func make(_ spec: InitSpec) throws(InitFailure) -> UserNamespace? {
        guard !spec.uidMappings.isEmpty || !spec.gidMappings.isEmpty else { return nil }
        guard let user = IDMapping.host(of: 0, in: spec.uidMappings),
            let group = IDMapping.host(of: 0, in: spec.gidMappings)
        else { throw InitFailure("user namespace: container root (uid and gid 0) must be mapped") }
        let descriptor = clinux_userns_create(text(spec.uidMappings), text(spec.gidMappings))
        guard descriptor >= 0 else { throw InitFailure("user namespace: cannot make it: \(errorText(errno))") }
        return UserNamespace(descriptor: descriptor, rootUser: user, rootGroup: group, groups: spec.gidMappings)
    }

    /// The host gid of container gid `id`; nil when unmapped.
    func hostGroup(_ id: UInt32) -> UInt32? {
        IDMapping.host(of: id, in: groups)
    }

    /// Gives container root what container-init made at `path` (a symlink itself, not its target).
    func own(_ path: String) throws(InitFailure) {
        try check(lchown(path, rootUser, rootGroup), "chown", path)
    }

    /// Idmaps the mount at `path` onto itself (each overlay lower layer, or a plain rootfs folder with its
    /// submounts): files of host root show as container root, in this mount namespace only.
    func idmap(_ path: String, recursive: Bool) throws(InitFailure) {
        guard clinux_idmap_mount(path, path, descriptor, recursive ? 1 : 0) == 0 else {
            throw InitFailure(
                "idmapped mount of \(path): \(errorText(errno)) (its filesystem must support idmapped mounts)")
        }
    }

    /// Joins the namespace: container-init gets every capability in it (none outside) and stays root
    /// only inside it until the identity is applied. setns needs a single-threaded caller.
    static func join(_ descriptor: Int32) throws(InitFailure) {
        let threads = threadCount()
        guard threads == 1 else {
            throw InitFailure("user namespace: container-init has \(threads) threads, setns needs exactly one")
        }
        guard clinux_setns(descriptor, newUser) == 0 else {
            throw InitFailure("user namespace: cannot join it: \(errorText(errno))")
        }
        close(descriptor)
        // setns keeps our host ids (unmapped here); become the namespace's root, as runc does, so what
        // we create from now on (the terminal) belongs to container root. Capabilities stay: host root
        // was not this namespace's root, so no uid 0 is left.
        guard setgid(0) == 0, setuid(0) == 0 else {
            throw InitFailure("user namespace: cannot become its root: \(errorText(errno))")
        }
    }

    /// Exec: a descriptor of the user namespace of process `pid`, or nil when it is ours already (a
    /// container without one). Opened before the mount namespace changes, while /proc is the host's.
    static func of(_ pid: Int32) throws(InitFailure) -> Int32? {
        let descriptor = open("/proc/\(pid)/ns/user", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InitFailure("cannot open the user namespace of \(pid): \(errorText(errno))")
        }
        var theirs = stat()
        var ours = stat()
        guard fstat(descriptor, &theirs) == 0, stat("/proc/self/ns/user", &ours) == 0 else {
            close(descriptor)
            throw InitFailure("cannot compare the user namespace of \(pid): \(errorText(errno))")
        }
        if theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// The lines the kernel reads from uid_map or gid_map.
    private static func text(_ mappings: [IDMapping]) -> String {
        mappings.map { "\($0.container) \($0.host) \($0.size)\n" }.joined()
    }

    /// The entries of /proc/self/task; 0 when it cannot be read.
    private static func threadCount() -> Int {
        guard let directory = opendir("/proc/self/task") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let first = withUnsafeBytes(of: entry.pointee.d_name) { $0.first ?? 0 }
            if first != UInt8(ascii: ".") { count += 1 }
        }
        return count
    }
}
