import CLinux
import Foundation
import Synchronization

/// Applies restart policies: watches the shims of running containers (pidfds on a dedicated
/// thread, never the cooperative pool) and starts exited containers again when their policy says
/// so, after Docker's backoff. The daemon runs one; `runOnce` is the whole decision, for tests.
package final class RestartSupervisor: Sendable {
    private struct Pending {
        /// The exit this delay belongs to (finishedAt), so one exit is counted once.
        var exit: String
        var due: Int64
        var backoff: RestartBackoff
    }

    package let store: ContainerStore
    private let pending = Mutex<[String: Pending]>([:])
    private let running = Atomic<Bool>(false)

    /// Supervises the containers of `store`.
    package init(store: ContainerStore) {
        self.store = store
    }

    /// Restarts every exited container whose policy asks for it and whose delay has passed; returns
    /// the milliseconds until the next one is due (nil when none waits).
    @discardableResult
    package func runOnce(now: Int64 = nowNanoseconds()) -> Int? {
        var next: Int64?
        for record in store.list() where record.state.status == .exited && !record.config.autoRemove {
            let state = record.state
            guard
                record.config.restartPolicy.shouldRestart(
                    exitCode: state.exitCode, restartCount: state.restartCount, stoppedByUser: state.stoppedByUser)
            else { continue }
            let due = dueTime(record, now: now)
            if due <= now {
                restart(record)
            } else {
                next = min(next ?? due, due)
            }
        }
        return next.map { Int(($0 - now) / 1_000_000) }
    }

    /// Starts the watching thread (once).
    package func start() {
        guard running.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                let wait = runOnce() ?? 1000
                waitForAnyShim(milliseconds: Int32(clamping: min(wait, 1000)))
            }
        }
        thread.name = "berth-restart-supervisor"
        thread.start()
    }

    /// Ends the watching thread within a second.
    package func stop() {
        running.store(false, ordering: .relaxed)
    }

    private func dueTime(_ record: ContainerRecord, now: Int64) -> Int64 {
        pending.withLock { table in
            if let entry = table[record.id], entry.exit == record.state.finishedAt { return entry.due }
            var backoff = table[record.id]?.backoff ?? RestartBackoff()
            let started = parseTimestamp(record.state.startedAt) ?? now
            let finished = parseTimestamp(record.state.finishedAt) ?? now
            let delay = backoff.next(ranFor: Double(finished - started) / 1e9)
            let due = finished + Int64(delay) * 1_000_000
            table[record.id] = Pending(exit: record.state.finishedAt, due: due, backoff: backoff)
            return due
        }
    }

    private func restart(_ record: ContainerRecord) {
        var updated = record
        updated.state.restartCount += 1
        guard (try? store.save(updated)) != nil else { return }
        if (try? store.start(record.id)) == nil {
            // A failed start counts as an exit of its own; the next pass tries again after the backoff.
            pending.withLock { $0[record.id]?.exit = "" }
        }
    }

    /// Sleeps until a supervised shim exits or `milliseconds` pass.
    private func waitForAnyShim(milliseconds: Int32) {
        let shims = store.list().filter { $0.state.status == .running || $0.state.status == .paused }
        var entries = shims.map {
            pollfd(fd: clinux_pidfd_open($0.state.shimPid, 0), events: Int16(POLLIN), revents: 0)
        }
        defer { entries.filter { $0.fd >= 0 }.forEach { close($0.fd) } }
        _ = poll(&entries, nfds_t(entries.count), milliseconds)
    }
}
