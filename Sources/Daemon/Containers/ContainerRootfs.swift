import Engine
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a container's filesystem for archive, extract and export, as a folder descriptor that
/// paths are resolved under (never by joining strings):
/// - a running or paused container: `/proc/PID/root`, the container's own view, with its volumes,
///   bind mounts and /etc files (what `docker cp` sees); proc and sysfs are not archived;
/// - a stopped or created one: its overlay mounted for the call on a private folder of the run
///   root (read-only from upper + lower layers to read; read-write with upper and work to write,
///   under the container's start lock so it cannot start meanwhile), then unmounted;
/// - `layersOnly` (export): always the read-only overlay, without mounts.
/// A container whose root is a plain folder is served from that folder.
struct ContainerRootfs {
    let record: ContainerRecord
    let runRoot: String

    /// Runs `body` with the root descriptor.
    func withRoot<T>(writable: Bool, layersOnly: Bool = false, _ body: (Int32) throws -> T) throws -> T {
        let running = record.state.status == .running || record.state.status == .paused
        if running && !layersOnly {
            return try withFolder("/proc/\(record.state.pid)/root", body)
        }
        switch record.config.spec.root {
        case .directory(let path):
            return try withFolder(path, body)
        case .overlay(let lower, let upper, let work, _):
            // A running container's upper layer is in use: it is only ever mounted read-only here.
            let options =
                writable && !running
                ? "lowerdir=\(lower.joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
                : "lowerdir=\(([upper] + lower).joined(separator: ":"))"
            return try withOverlay(options, readOnly: !(writable && !running), body)
        }
    }

    private func withFolder<T>(_ path: String, _ body: (Int32) throws -> T) throws -> T {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw APIError.conflict("container \(record.name): its filesystem is not reachable (errno \(errno))")
        }
        defer { close(fd) }
        return try body(fd)
    }

    private func withOverlay<T>(_ options: String, readOnly: Bool, _ body: (Int32) throws -> T) throws -> T {
        let target = "\(runRoot)/archive-\(record.id.prefix(12))-\(MountTranslation.anonymousName().prefix(8))"
        guard mkdir(target, 0o700) == 0 else {
            throw APIError.server("container \(record.name): cannot make \(target): errno \(errno)")
        }
        defer { rmdir(target) }
        let flags = UInt(MS_NODEV | MS_NOSUID) | (readOnly ? UInt(MS_RDONLY) : 0)
        guard mount("overlay", target, "overlay", flags, options) == 0 else {
            throw APIError.server("container \(record.name): cannot mount its filesystem: errno \(errno)")
        }
        defer { umount2(target, Int32(MNT_DETACH)) }
        return try withFolder(target, body)
    }
}

/// One lock per container id: archive writes into a stopped container's layers and its start never
/// overlap (two overlay mounts must not share an upper folder).
final class ContainerLocks: Sendable {
    private final class Entry: Sendable {
        let mutex = Mutex(())
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Runs `body` holding the lock of container `id`.
    func withLock<T: Sendable>(_ id: String, _ body: () throws -> T) throws -> T {
        let entry = entries.withLock { table in
            if let found = table[id] { return found }
            let made = Entry()
            table[id] = made
            return made
        }
        return try entry.mutex.withLock { _ in try body() }
    }
}
