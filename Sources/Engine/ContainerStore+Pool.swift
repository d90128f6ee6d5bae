import CLinux
import Foundation
import Synchronization

/// Container folders made ahead of time, in a daemon (`removesInBackground`): root/pool holds a few
/// empty folders with their overlay subfolders (upper, work, rootfs), and a create renames one into
/// place. root/containers carries ext4's top-directory flag, so each new folder there sent ext4
/// looking through every block group for the emptiest (0.5 ms of each create here); root/pool has
/// the flag too, and that search now happens on the background thread, between creates.
extension ContainerStore {
    /// How many folders the pool keeps ready.
    static let pooledFolders = 4

    /// Renames a ready folder to `directory(id)`; false when none is ready (the caller makes one).
    /// Starts a refill either way.
    func takePooledFolder(for id: String) -> Bool {
        guard removesInBackground else { return false }
        defer { refillPool() }
        guard let slot = readyFolders.withLock({ $0.popLast() }) else { return false }
        return Glibc.rename(slot, directory(id)) == 0
    }

    /// Takes in the complete folders a previous daemon left in root/pool and removes the rest (a
    /// refill cut short), then fills the pool.
    func openPool() {
        guard removesInBackground else { return }
        try? StateFiles.makeDirectory(root + "/pool", mode: 0o700)
        _ = clinux_mark_top_directory(root + "/pool")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/pool")) ?? []
        var ready: [String] = []
        for name in names {
            let path = root + "/pool/" + name
            let complete =
                name.hasPrefix("ready-") && Self.overlayFolders.allSatisfy { access(path + "/" + $0, F_OK) == 0 }
            if complete { ready.append(path) } else { StateFiles.remove(path) }
        }
        readyFolders.withLock { $0 = ready }
        refillPool()
    }

    static let overlayFolders = ["upper", "work", "rootfs"]

    /// Makes folders up to `pooledFolders`, at low priority (`BackgroundRemoval`'s thread): each is
    /// made under a `making-` name and renamed once complete.
    private func refillPool() {
        BackgroundRemoval.shared.perform { [self] in
            while readyFolders.withLock({ $0.count }) < Self.pooledFolders {
                let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
                let making = root + "/pool/making-" + suffix
                let ready = root + "/pool/ready-" + suffix
                do {
                    try StateFiles.makeDirectory(making, mode: 0o700)
                    for name in Self.overlayFolders { try StateFiles.makeDirectory(making + "/" + name, mode: 0o755) }
                    guard Glibc.rename(making, ready) == 0 else { throw EngineError(.systemCall, "rename \(making)") }
                } catch {
                    StateFiles.remove(making)
                    return
                }
                readyFolders.withLock { $0.append(ready) }
            }
        }
    }
}
