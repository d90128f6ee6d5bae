import Engine
import Foundation
import Synchronization

/// Notices containers that exit (their shims write exit.json), sends `die`, releases their
/// networks, applies restart policies with Docker's backoff (100 ms doubling, reset after 10 s of
/// running) and removes `AutoRemove` containers. On daemon start it also re-adopts what runs and
/// starts `always`/`unless-stopped` containers that stopped while no daemon ran.
final class ExitWatcher: Sendable {
    private struct Tracked: Sendable {
        var running: Set<String> = []
        var delays: [String: Double] = [:]
        /// The finish time of the last exit handled per container: a run shorter than a sweep's
        /// interval is never seen running, but its exit is still new.
        var handledExits: [String: String] = [:]
    }

    private let service: ContainerService
    private let tracked = Mutex(Tracked())
    private let stopped = Mutex(false)

    init(service: ContainerService) {
        self.service = service
    }

    /// Starts the watching thread.
    func start() {
        let thread = Thread { [self] in
            adopt()
            while !stopped.withLock({ $0 }) {
                Thread.sleep(forTimeInterval: 0.2)
                sweep()
            }
        }
        thread.name = "exit-watcher"
        thread.start()
    }

    /// Stops the thread (at daemon shutdown; containers keep running).
    func stop() {
        stopped.withLock { $0 = true }
    }

    private func adopt() {
        // What killed creates or a power loss left (an ephemeral container's unsynced record).
        _ = service.store.removeDebris()
        for record in service.store.list() {
            switch record.state.status {
            case .running, .paused:
                _ = tracked.withLock { $0.running.insert(record.id) }
                service.health.watch(record)
            case .exited where record.config.autoRemove:
                // It exited while no daemon ran (or before this one removed it): dockerd removes
                // such containers when it starts, too.
                service.removeAutomatically(record.id)
            case .exited:
                tracked.withLock { $0.handledExits[record.id] = record.state.finishedAt }
                if Self.restartsOnBoot(record) { restart(record.id, after: 0) }
            default: break
            }
        }
    }

    private static func restartsOnBoot(_ record: ContainerRecord) -> Bool {
        switch record.config.restartPolicy {
        case .always: return true
        case .unlessStopped: return !record.state.stoppedByUser
        default: return false
        }
    }

    private func sweep() {
        for record in service.store.list() {
            let wasRunning = tracked.withLock { $0.running.contains(record.id) }
            switch record.state.status {
            case .running, .paused:
                if !wasRunning { _ = tracked.withLock { $0.running.insert(record.id) } }
            case .exited:
                let isNew = tracked.withLock { state in
                    state.running.remove(record.id)
                    let new = wasRunning || state.handledExits[record.id] != record.state.finishedAt
                    state.handledExits[record.id] = record.state.finishedAt
                    return new
                }
                if isNew { exited(record) }
            default: break
            }
        }
    }

    private func exited(_ record: ContainerRecord) {
        if record.config.autoRemove {
            // On a thread of its own: it lets attached streams drain first, which may take a while.
            let service = service
            WorkerThreads.shared.run { service.removeAutomatically(record.id) }
            return
        }
        service.finished(record)
        let policy = record.config.restartPolicy
        guard
            policy.shouldRestart(
                exitCode: record.state.exitCode, restartCount: record.state.restartCount,
                stoppedByUser: record.state.stoppedByUser)
        else { return }
        let ranLong =
            (parseTimestamp(record.state.finishedAt) ?? 0) - (parseTimestamp(record.state.startedAt) ?? 0)
            > 10_000_000_000
        let delay = tracked.withLock { state in
            let next = ranLong ? 0.1 : min((state.delays[record.id] ?? 0.05) * 2, 60)
            state.delays[record.id] = next
            return next
        }
        restart(record.id, after: delay)
    }

    private func restart(_ id: String, after delay: Double) {
        let service = service
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay)
            guard let record = try? service.store.inspect(id), record.state.status == .exited else { return }
            try? service.start(id)
        }
    }
}
