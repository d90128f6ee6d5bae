import CLinux
import Foundation

/// Threads for blocking work (API requests, attach copies, removals) that are kept for the next job
/// instead of ending with each one. A `run --rm` made six threads and ended them again, 0.1-0.2 ms
/// each (clone, an 8 MiB stack mapped and released) on its critical path.
///
/// Every job may block for as long as it likes (a request can follow logs for hours), so there is no
/// bound: a job with no idle thread to take it gets a new thread. A thread that found no job for
/// `idleSeconds` ends.
package final class WorkerThreads: @unchecked Sendable {
    /// The process's pool.
    package static let shared = WorkerThreads(idleSeconds: 10)

    private let idleSeconds: Double
    private let condition = NSCondition()
    /// Jobs handed to idle threads that have not taken them yet (never more than there are idle threads).
    private var handedOver: [@Sendable () -> Void] = []
    /// Idle threads minus the jobs handed over to them: how many more jobs can go without a new thread.
    private var available = 0

    package init(idleSeconds: Double) {
        self.idleSeconds = idleSeconds
    }

    /// Runs `job` on an idle thread, or on a new one when none is idle.
    package func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        if available > 0 {
            available -= 1
            handedOver.append(job)
            condition.signal()
            condition.unlock()
            return
        }
        condition.unlock()
        let thread = Thread { [self] in work(first: job) }
        thread.start()
    }

    private func work(first: @escaping @Sendable () -> Void) {
        var job = first
        while true {
            job()
            guard let next = nextJob() else { return }
            job = next
        }
    }

    /// Waits up to `idleSeconds` for a job handed over; nil when none came (the thread then ends).
    private func nextJob() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        available += 1
        let deadline = Date(timeIntervalSinceNow: idleSeconds)
        while handedOver.isEmpty {
            if !condition.wait(until: deadline) && handedOver.isEmpty {
                available -= 1
                return nil
            }
        }
        return handedOver.removeFirst()
    }
}

/// Cleanup that nobody waits for (a removed container's files, its cgroup), on one thread of low
/// priority (nice 19): a removal is 2-3 ms of unlinks and rmdirs, and on a machine with two cores it
/// should not take a core from the next container's start.
package final class BackgroundRemoval: @unchecked Sendable {
    package static let shared = BackgroundRemoval()

    private let condition = NSCondition()
    private var queued: [@Sendable () -> Void] = []
    private var started = false

    /// Queues `path` (a file or a whole folder) for removal.
    package func remove(_ path: String) {
        perform { StateFiles.remove(path) }
    }

    /// Queues `job`; jobs run one after the other, in order.
    package func perform(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        queued.append(job)
        if !started {
            started = true
            Thread { [self] in work() }.start()
        }
        condition.signal()
        condition.unlock()
    }

    private func work() {
        // Linux applies a priority set for a thread id to that thread alone.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(clinux_gettid()), 19)
        while true {
            condition.lock()
            while queued.isEmpty { condition.wait() }
            let job = queued.removeFirst()
            condition.unlock()
            job()
        }
    }
}
