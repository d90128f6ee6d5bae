import Foundation

/// Wakes threads that wait for a container's state to change (a start, a removal), so the attach
/// and wait the docker CLI sends before its start follow at once rather than at the next poll.
final class StateChangeSignal: @unchecked Sendable {
    // NSCondition guards `generation`; every access takes it.
    private let condition = NSCondition()
    private var generation = 0

    /// The current generation: pass it to `wait(after:until:)` to miss no change that follows.
    var current: Int {
        condition.lock()
        defer { condition.unlock() }
        return generation
    }

    /// Tells every waiter that some container's state changed.
    func broadcast() {
        condition.lock()
        generation += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until a change after generation `seen`, or until `deadline`.
    func wait(after seen: Int, until deadline: Date) {
        condition.lock()
        defer { condition.unlock() }
        while generation == seen && condition.wait(until: deadline) {}
    }
}

/// Attach streams that follow a container's output, by container id. Removing an AutoRemove
/// container waits for them to drain first (up to 2 s, as dockerd waits for its stream copiers),
/// so the removal never takes the log from under a client that is still reading its last lines.
final class OutputStreams: @unchecked Sendable {
    // NSCondition guards `open`; every access takes it.
    private let condition = NSCondition()
    private var open: [String: Int] = [:]

    /// A stream of container `id` starts.
    func begin(_ id: String) {
        condition.lock()
        open[id, default: 0] += 1
        condition.unlock()
    }

    /// A stream of container `id` ended.
    func end(_ id: String) {
        condition.lock()
        let left = (open[id] ?? 1) - 1
        open[id] = left > 0 ? left : nil
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until no stream of container `id` is open, or `seconds` passed.
    func waitDrained(_ id: String, seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while open[id] != nil && condition.wait(until: deadline) {}
    }
}
