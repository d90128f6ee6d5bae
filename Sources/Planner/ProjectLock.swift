import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A per-project lock: an exclusive `flock` on `<folder>/<project>.lock`, so that two `up`s or `down`s of
/// one project never interleave. The kernel drops the lock when the process dies, so an `up` killed with
/// SIGKILL never leaves the project locked.
package struct ProjectLock: Sendable {
    private let descriptor: Int32
    /// The lock file.
    package let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the lock of `project`, waiting up to `timeout` for another holder to let go. The attempts do
    /// not block (LOCK_NB), so no thread of the cooperative pool waits in the kernel.
    /// - Throws: `PlannerError` (`.locked`) on timeout, or when the lock file cannot be opened.
    package static func acquire(project: String, folder: String, timeout: Duration = .seconds(60))
        async throws(PlannerError) -> ProjectLock
    {
        let path = (folder as NSString).appendingPathComponent("\(project).lock")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw PlannerError(.locked, "project \"\(project)\": cannot open lock file \(path): errno \(errno)")
        }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                close(descriptor)
                throw PlannerError(
                    .locked, "project \"\(project)\": another berth command holds its lock (\(path))")
            }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                close(descriptor)
                throw PlannerError(.cancelled, "project \"\(project)\": cancelled while waiting for its lock")
            }
        }
        return ProjectLock(descriptor: descriptor, path: path)
    }

    /// Lets go of the lock.
    package func release() {
        close(descriptor)
    }

    /// Runs `body` holding the lock of `project`.
    package static func withLock<T: Sendable>(
        project: String, folder: String, timeout: Duration = .seconds(60), _ body: () async throws -> T
    ) async throws -> T {
        let lock = try await acquire(project: project, folder: folder, timeout: timeout)
        defer { lock.release() }
        return try await body()
    }
}
