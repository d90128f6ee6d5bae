import CLinux
import Glibc

/// The container's filesystem: root, standard mounts, spec mounts, pivot_root, masks.
struct Setup {
    var spec: InitSpec
    /// The container's user namespace (made, not joined yet): layers are idmapped to it and what
    /// container-init creates in the container is given to its root.
    var userNamespace: UserNamespace?

    /// Whether a bind asks for shared or slave propagation: the mounts then start as slaves of the host's.
    private var propagated: Bool {
        spec.mounts.contains { $0.propagation & (MountFlag.shared | MountFlag.slave) != 0 }
    }

    func run() throws(InitFailure) {
        // The engine moved us into the container's cgroup before sending the spec: make it the root.
        if spec.newCgroupNamespace { try check(clinux_unshare(0x0200_0000), "unshare", "CLONE_NEWCGROUP") }
        // Nothing we mount may propagate back to the host: everything private, or (when a bind asks for
        // shared or slave propagation) everything a slave, so the host's mounts still reach those binds.
        let rootPropagation = propagated ? MountFlag.slave : MountFlag.privatePropagation
        try mountOrFail(nil, "/", nil, MountFlag.recursive | rootPropagation)
        let root = spec.root
        try mountRoot(root)
        // A slave root would still receive the host's mounts under the rootfs folder.
        if propagated { try mountOrFail(nil, root, nil, MountFlag.recursive | MountFlag.privatePropagation) }
        var directory = try RootDirectory(root)
        defer { close(directory.descriptor) }
        if let userNamespace {
            directory.owner = (userNamespace.rootUser, userNamespace.rootGroup)
            directory.idmapped = spec.overlay == nil
        }
        try mountStandard(directory)
        try writeSysctls(root)
        for mount in spec.mounts { try mountSpec(mount, in: directory) }
        if let hostname = spec.hostname {
            try check(sethostname(hostname, hostname.utf8.count), "sethostname", hostname)
        }
        try pivot(to: root)
        for path in spec.masked { try mask(path) }
        for path in spec.readonly { try makeReadonly(path) }
        if spec.readonlyRoot {
            try mountOrFail(nil, "/", nil, MountFlag.bind | MountFlag.remount | MountFlag.readonly)
        }
        try check(chdir(spec.cwd), "chdir", spec.cwd)
    }

    /// The container's own /proc/sys (new ipc and net namespaces), before /proc/sys turns read-only.
    private func writeSysctls(_ root: String) throws(InitFailure) {
        // Binding a port below 1024 needs CAP_NET_BIND_SERVICE in the netns's owner, the initial user
        // namespace: let container root (and everyone else in it) bind them, as Docker does. The spec's
        // own value, written after, wins.
        if userNamespace != nil && spec.newNetwork {
            let path = root + "/proc/sys/net/ipv4/ip_unprivileged_port_start"
            try writeFile(path, "0", what: "sysctl net.ipv4.ip_unprivileged_port_start")
        }
        for (key, value) in spec.sysctls {
            let path = root + "/proc/sys/" + key.split(separator: ".").joined(separator: "/")
            try writeFile(path, value, what: "sysctl \(key)")
        }
    }

    /// Overlay of the layers, or the rootfs folder bound onto itself. With a user namespace each lower
    /// layer (or the folder) is idmapped in place first, in this mount namespace only: overlayfs itself
    /// cannot be idmapped, and an idmapped upper makes it read-only. The upper stays plain, so what the
    /// container writes lands there owned by the mapped host ids; its root is container root's.
    private func mountRoot(_ root: String) throws(InitFailure) {
        guard let overlay = spec.overlay else {
            if let userNamespace {
                try userNamespace.idmap(root, recursive: true)
            } else {
                try mountOrFail(root, root, nil, MountFlag.bind | MountFlag.recursive)
            }
            return
        }
        if let userNamespace {
            var done: Set<Substring> = []
            for layer in overlay.lower.split(separator: ":") where done.insert(layer).inserted {
                try userNamespace.idmap(String(layer), recursive: false)
            }
            try userNamespace.own(overlay.upper)
        }
        var data = "lowerdir=\(overlay.lower),upperdir=\(overlay.upper),workdir=\(overlay.work)"
        // Without it the last unmount (at the container's exit, as its mount namespace goes) syncs the
        // whole upper filesystem before the exit is reported: 4-5 ms here.
        if spec.volatileOverlay { data += ",volatile" }
        try mountOrFail("overlay", root, "overlay", 0, data)
    }

    /// Options giving a new tmpfs to container root (nothing without a user namespace or when set).
    private func ownerOptions(_ data: String) -> String {
        guard let userNamespace else { return "" }
        let options = data.split(separator: ",")
        var added: [String] = []
        if !options.contains(where: { $0.hasPrefix("uid=") }) { added.append("uid=\(userNamespace.rootUser)") }
        if !options.contains(where: { $0.hasPrefix("gid=") }) { added.append("gid=\(userNamespace.rootGroup)") }
        return added.map { "," + $0 }.joined()
    }

    /// /proc, /dev and /sys must be plain directories of the rootfs; below them everything is a
    /// filesystem we just mounted, so string paths there cannot meet an image's symlink.
    private func mountStandard(_ directory: RootDirectory) throws(InitFailure) {
        let root = directory.path
        let hardened = MountFlag.nosuid | MountFlag.noexec | MountFlag.nodev
        for name in ["proc", "dev", "sys"] { try directory.makePlainDirectory(name) }
        try mountOrFail("proc", root + "/proc", "proc", hardened)
        try mountDev(root + "/dev")
        if spec.newNetwork {
            try mountOrFail("sysfs", root + "/sys", "sysfs", hardened | MountFlag.readonly)
        } else {
            // A fresh sysfs would show the netns of whoever mounted it; with the host's network, bind it.
            try mountOrFail("/sys", root + "/sys", nil, MountFlag.bind | MountFlag.recursive)
            try mountOrFail(nil, root + "/sys", nil, MountFlag.bind | MountFlag.remount | MountFlag.readonly | hardened)
        }
    }

    /// A tmpfs with the standard devices, links, devpts, /dev/shm and mqueue; all of it container root's
    /// with a user namespace.
    private func mountDev(_ dev: String) throws(InitFailure) {
        let hardened = MountFlag.nosuid | MountFlag.noexec | MountFlag.nodev
        let devData = "mode=755,size=65536k"
        try mountOrFail(
            "tmpfs", dev, "tmpfs", MountFlag.nosuid | MountFlag.strictatime, devData + ownerOptions(devData))
        // Character devices (major 1 memory devices and 5:0 tty), mode 0666 under umask 0.
        let nodes: [(String, UInt)] = [("null", 3), ("zero", 5), ("full", 7), ("random", 8), ("urandom", 9)]
        for (name, minor) in nodes {
            try check(mknod(dev + "/" + name, S_IFCHR | 0o666, (1 << 8) | minor), "mknod", dev + "/" + name)
        }
        try check(mknod(dev + "/tty", S_IFCHR | 0o666, 5 << 8), "mknod", dev + "/tty")
        let links = [
            ("ptmx", "pts/ptmx"), ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
            ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2"),
        ]
        for (name, target) in links { try check(symlink(target, dev + "/" + name), "symlink", dev + "/" + name) }
        let folders = ["pts", "shm", "mqueue"]
        for name in folders { try check(mkdir(dev + "/" + name, 0o755), "mkdir", dev + "/" + name) }
        if let userNamespace {
            for name in nodes.map(\.0) + ["tty"] + links.map(\.0) + folders { try userNamespace.own(dev + "/" + name) }
        }
        // The tty group, 5 inside the container: its host gid with a user namespace (none if unmapped).
        let ttyGroup = userNamespace.map { $0.hostGroup(5).map { ",gid=\($0)" } ?? "" } ?? ",gid=5"
        try mountOrFail(
            "devpts", dev + "/pts", "devpts", MountFlag.nosuid | MountFlag.noexec,
            "newinstance,ptmxmode=0666,mode=0620" + ttyGroup)
        let shmData = "mode=1777,size=\(spec.shmSize)"
        try mountOrFail("shm", dev + "/shm", "tmpfs", hardened, shmData + ownerOptions(shmData))
        try mountOrFail("mqueue", dev + "/mqueue", "mqueue", hardened)
    }

    /// The target is resolved inside the root (openat2 RESOLVE_IN_ROOT) and mounted on through its
    /// descriptor, so a symlink in the image cannot send the mount or the directories made for it out.
    private func mountSpec(_ mount: InitSpec.Mount, in directory: RootDirectory) throws(InitFailure) {
        let isBind = mount.flags & MountFlag.bind != 0
        let isFile = isBind && isDirectory(mount.source) == false
        let target = try isFile ? directory.makeFile(mount.destination) : directory.makeDirectories(mount.destination)
        defer { close(target) }
        let path = RootDirectory.procPath(target)
        guard isBind else {
            let data = mount.type == "tmpfs" ? mount.data + ownerOptions(mount.data) : mount.data
            try mountOrFail(mount.source, path, mount.type, mount.flags, data, naming: mount.destination)
            return
        }
        try mountOrFail(mount.source, path, nil, mount.flags & ~MountFlag.readonly, naming: mount.destination)
        let readonly = mount.flags & MountFlag.readonly != 0
        // With a private root every bind is private already; otherwise each gets its own propagation.
        let propagation = propagated ? mount.propagation : 0
        guard readonly || propagation != 0 else { return }
        // The descriptor still names the directory under the new mount: reach the mount itself.
        let mounted = directory.resolve(mount.destination)
        guard mounted >= 0 else { throw InitFailure("mount on \(mount.destination): \(errorText(errno))") }
        defer { close(mounted) }
        let mountedPath = RootDirectory.procPath(mounted)
        if readonly {
            let kept = mount.flags & (MountFlag.nosuid | MountFlag.nodev | MountFlag.noexec)
            let flags = MountFlag.bind | MountFlag.remount | MountFlag.readonly | kept
            try mountOrFail(nil, mountedPath, nil, flags, naming: mount.destination)
        }
        if propagation != 0 { try mountOrFail(nil, mountedPath, nil, propagation, naming: mount.destination) }
    }

    /// pivot_root(".", ".") stacks the old root on the new one; detaching it leaves only the new root.
    private func pivot(to root: String) throws(InitFailure) {
        try check(chdir(root), "chdir", root)
        try check(clinux_pivot_root(".", "."), "pivot_root", root)
        try check(umount2(".", Int32(MNT_DETACH)), "umount2", "old root")
        try check(chdir("/"), "chdir", "/")
    }

    /// Docker masks a directory with a read-only tmpfs and a file with /dev/null.
    private func mask(_ path: String) throws(InitFailure) {
        guard let directory = isDirectory(path) else { return }
        if directory {
            try mountOrFail("tmpfs", path, "tmpfs", MountFlag.readonly, "size=0")
        } else {
            try mountOrFail("/dev/null", path, nil, MountFlag.bind)
        }
    }

    private func makeReadonly(_ path: String) throws(InitFailure) {
        guard isDirectory(path) != nil else { return }
        try mountOrFail(path, path, nil, MountFlag.bind | MountFlag.recursive)
        let flags = MountFlag.bind | MountFlag.remount | MountFlag.readonly | MountFlag.nosuid | MountFlag.nodev
        try mountOrFail(nil, path, nil, flags | MountFlag.noexec)
    }
}
