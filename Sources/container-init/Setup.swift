import CLinux
import Glibc

/// The container's filesystem: root, standard mounts, spec mounts, pivot_root, masks.
struct Setup {
    var spec: InitSpec

    func run() throws(InitFailure) {
        // The engine moved us into the container's cgroup before sending the spec: make it the root.
        if spec.newCgroupNamespace { try check(clinux_unshare(0x0200_0000), "unshare", "CLONE_NEWCGROUP") }
        // Nothing we mount may propagate back to the host.
        try mountOrFail(nil, "/", nil, MountFlag.recursive | MountFlag.privatePropagation)
        let root = spec.root
        if let overlay = spec.overlay {
            let data = "lowerdir=\(overlay.lower),upperdir=\(overlay.upper),workdir=\(overlay.work)"
            try mountOrFail("overlay", root, "overlay", 0, data)
        } else {
            try mountOrFail(root, root, nil, MountFlag.bind | MountFlag.recursive)
        }
        try mountStandard(root)
        // The container's own /proc/sys (new ipc and net namespaces), before /proc/sys turns read-only.
        for (key, value) in spec.sysctls {
            let path = root + "/proc/sys/" + key.split(separator: ".").joined(separator: "/")
            try writeFile(path, value, what: "sysctl \(key)")
        }
        for mount in spec.mounts { try mountSpec(mount, root: root) }
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

    private func mountStandard(_ root: String) throws(InitFailure) {
        let hardened = MountFlag.nosuid | MountFlag.noexec | MountFlag.nodev
        try makeDirectories(root + "/proc")
        try mountOrFail("proc", root + "/proc", "proc", hardened)
        let dev = root + "/dev"
        try makeDirectories(dev)
        try mountOrFail("tmpfs", dev, "tmpfs", MountFlag.nosuid | MountFlag.strictatime, "mode=755,size=65536k")
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
        try makeDirectories(dev + "/pts")
        try mountOrFail(
            "devpts", dev + "/pts", "devpts", MountFlag.nosuid | MountFlag.noexec,
            "newinstance,ptmxmode=0666,mode=0620,gid=5")
        try makeDirectories(dev + "/shm")
        try mountOrFail("shm", dev + "/shm", "tmpfs", hardened, "mode=1777,size=65536k")
        try makeDirectories(dev + "/mqueue")
        try mountOrFail("mqueue", dev + "/mqueue", "mqueue", hardened)
        try makeDirectories(root + "/sys")
        if spec.newNetwork {
            try mountOrFail("sysfs", root + "/sys", "sysfs", hardened | MountFlag.readonly)
        } else {
            // A fresh sysfs would show the netns of whoever mounted it; with the host's network, bind it.
            try mountOrFail("/sys", root + "/sys", nil, MountFlag.bind | MountFlag.recursive)
            try mountOrFail(nil, root + "/sys", nil, MountFlag.bind | MountFlag.remount | MountFlag.readonly | hardened)
        }
    }

    private func mountSpec(_ mount: InitSpec.Mount, root: String) throws(InitFailure) {
        let target = root + mount.destination
        let isBind = mount.flags & MountFlag.bind != 0
        if isBind, isDirectory(mount.source) == false {
            try makeFile(target)
        } else {
            try makeDirectories(target)
        }
        if isBind {
            try mountOrFail(mount.source, target, nil, mount.flags & ~MountFlag.readonly)
            if mount.flags & MountFlag.readonly != 0 {
                let kept = mount.flags & (MountFlag.nosuid | MountFlag.nodev | MountFlag.noexec)
                try mountOrFail(nil, target, nil, MountFlag.bind | MountFlag.remount | MountFlag.readonly | kept)
            }
        } else {
            try mountOrFail(mount.source, target, mount.type, mount.flags, mount.data)
        }
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
