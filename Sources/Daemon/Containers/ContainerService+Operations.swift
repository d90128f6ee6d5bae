import Engine
import EngineAPI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ContainerService {
    /// Sends `signal` (default SIGKILL); a container that is not running is a 409.
    package func kill(_ reference: String, signal: String?) throws {
        let number = try SignalNames.parse(signal.flatMap { $0.isEmpty ? nil : $0 } ?? "SIGKILL", field: "signal")
        try engine { try store.kill(reference, signal: number) }
        let record = try engine { try store.inspect(reference) }
        events.publish(containerEvent("kill", record, extra: ["signal": String(number)]))
    }

    /// Stops (when running) and starts again.
    package func restart(_ reference: String, timeout: Int?) throws {
        let record = try engine { try store.inspect(reference) }
        if record.state.status == .running || record.state.status == .paused {
            let stopped = try engine { try store.stop(record.id, timeout: timeout) }
            finished(stopped)
        }
        try start(record.id)
        events.publish(containerEvent("restart", try engine { try store.inspect(record.id) }))
    }

    /// Freezes the container.
    package func pause(_ reference: String) throws {
        try engine { try store.pause(reference) }
        events.publish(containerEvent("pause", try engine { try store.inspect(reference) }))
    }

    /// Thaws the container.
    package func unpause(_ reference: String) throws {
        try engine { try store.unpause(reference) }
        events.publish(containerEvent("unpause", try engine { try store.inspect(reference) }))
    }

    /// Renames the container.
    package func rename(_ reference: String, to name: String) throws {
        let newName = name.hasPrefix("/") ? String(name.dropFirst()) : name
        try engine { try store.rename(reference, to: newName) }
        events.publish(containerEvent("rename", try engine { try store.inspect(newName) }))
    }

    /// Waits for `condition` (`not-running`, `next-exit`, `removed`) and returns the exit code.
    package func wait(_ reference: String, condition: String) throws -> ContainerWaitResponse {
        guard ["", "not-running", "next-exit", "removed"].contains(condition) else {
            throw APIError.badRequest("condition: invalid condition: \"\(condition)\"")
        }
        var record: ContainerRecord
        do {
            record = try engine { try store.inspect(reference) }
        } catch let error as APIError where condition == "removed" {
            // Already removed (an AutoRemove container that exited before this wait was read): its
            // exit code is kept, by full id.
            guard let code = recentExits.withLock({ $0[reference] }) else { throw error }
            return ContainerWaitResponse(statusCode: Int(code))
        }
        if (condition == "next-exit" || condition == "removed") && record.state.status == .created {
            // The docker CLI asks before it starts the container: wait for the start first.
            record = waitUntilStarted(record.id) ?? record
        }
        if condition == "removed" {
            // Auto-remove may take the record before this thread reads it: the exit code is kept
            // by `remove` for the waiters.
            if record.state.status != .created, let exited = try? store.wait(record.id) {
                record = exited
                // This waiter is the first to know of the exit: it removes at once rather than
                // leave it to the exit watcher's next sweep.
                if exited.config.autoRemove { removeAutomatically(exited.id) }
            }
            waitUntilRemoved(record.id)
            let code = recentExits.withLock { $0[record.id] } ?? record.state.exitCode
            return ContainerWaitResponse(statusCode: Int(code))
        }
        if condition == "next-exit" || record.state.status != .created {
            let exited = try engine { try store.wait(record.id) }
            return ContainerWaitResponse(statusCode: Int(exited.state.exitCode))
        }
        // A created container counts as not running: dockerd answers at once.
        return ContainerWaitResponse(statusCode: Int(record.state.exitCode))
    }

    /// Blocks until a created container has started (or is gone, or 5 minutes passed: a client whose
    /// start failed goes away without telling); nil when it did not start. Woken by this daemon's
    /// starts; the record is read again every 200 ms all the same (a start by another process).
    func waitUntilStarted(_ id: String) -> ContainerRecord? {
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            let seen = stateChanges.current
            guard let record = try? store.inspect(id) else { return nil }
            if record.state.status != .created { return record }
            stateChanges.wait(after: seen, until: min(deadline, Date().addingTimeInterval(0.2)))
        }
        return nil
    }

    private func waitUntilRemoved(_ id: String) {
        while true {
            let seen = stateChanges.current
            if !store.exists(id) { return }
            stateChanges.wait(after: seen, until: Date().addingTimeInterval(0.2))
        }
    }

    /// Removes an exited AutoRemove container once its attached streams drained: the `die` event and
    /// network release (`finished`), then the removal with its anonymous volumes. Whoever sees the
    /// exit first does it (a `wait?condition=removed`, or the exit watcher); the others return.
    func removeAutomatically(_ id: String) {
        guard autoRemovals.withLock({ $0.insert(id).inserted }) else { return }
        defer { _ = autoRemovals.withLock { $0.remove(id) } }
        outputStreams.waitDrained(id, seconds: 2)
        guard let record = try? store.inspect(id), record.state.status == .exited, record.config.autoRemove else {
            return
        }
        finished(record)
        try? remove(id, force: true, volumes: true)
    }

    /// `ps`-style rows of the container's processes.
    package func top(_ reference: String) throws -> ContainerTopResponse {
        let rows = try engine { try store.top(reference) }
        guard let titles = rows.first else { return ContainerTopResponse(titles: [], processes: []) }
        return ContainerTopResponse(titles: titles, processes: Array(rows.dropFirst()))
    }

    /// The container's cgroup counters, in the parts of Docker's stats shape clients read.
    package func stats(_ reference: String) throws -> [String: StatsValue] {
        let record = try engine { try store.inspect(reference) }
        let counters = try engine { try store.stats(record.id) }
        let now = formatTimestamp(nowNanoseconds())
        return [
            "id": .text(record.id), "name": .text("/" + record.name), "read": .text(now),
            "memory_stats": .object(["usage": counters.memoryUsage ?? 0, "limit": counters.memoryLimit ?? 0]),
            "cpu_stats": .nested(["cpu_usage": ["total_usage": counters.cpuNanoseconds ?? 0]]),
            "pids_stats": .object(["current": counters.pids ?? 0]),
        ]
    }

    /// Log entries (`since`/`until` in Unix seconds, `tail` a count or `all`), followed when asked.
    package func logs(
        _ reference: String, query: LogQuery, follow: Bool, body: (LogEntry) -> Bool
    ) throws {
        if follow {
            try engine { try store.followLogs(reference, query: query, body) }
        } else {
            for entry in try engine({ try store.logs(reference, query: query) }) where !body(entry) { return }
        }
    }

    /// Whether the container runs with a terminal (its output is then one raw stream).
    func isTTY(_ reference: String) throws -> Bool {
        try engine { try store.inspect(reference) }.config.tty
    }
}

/// A value of the stats body.
package enum StatsValue: Encodable, Sendable {
    case text(String)
    case object([String: Int64])
    case nested([String: [String: Int64]])

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .nested(let value): try container.encode(value)
        }
    }
}
