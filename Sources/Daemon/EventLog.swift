import Foundation

/// One engine event in Docker's format (`/events`).
package struct EngineEvent: Codable, Sendable, Equatable {
    /// The object of an event: its id and attributes (name, image, labels, exitCode...).
    package struct Actor: Codable, Sendable, Equatable {
        package var ID: String
        package var Attributes: [String: String]
    }

    /// container, image, network, volume, daemon.
    package var `Type`: String
    /// create, start, die, stop, destroy, oom, health_status: healthy, pull, tag, delete, connect...
    package var Action: String
    package var Actor: Actor
    /// Always "local".
    package var scope = "local"
    /// Seconds and nanoseconds since the epoch.
    package var time: Int64
    package var timeNano: Int64

    /// Makes an event stamped now.
    package init(type: String, action: String, id: String, attributes: [String: String] = [:]) {
        self.Type = type
        self.Action = action
        self.Actor = EngineEvent.Actor(ID: id, Attributes: attributes)
        let now = Date().timeIntervalSince1970
        self.timeNano = Int64(now * 1_000_000_000)
        self.time = Int64(now)
    }
}

/// Keeps the recent events and wakes the streams that follow them.
package final class EventLog: @unchecked Sendable {
    // `events` and `sequence` are only touched with `condition` locked.
    private var events: [EngineEvent] = []
    private var sequence = 0
    private let condition = NSCondition()
    private let capacity: Int

    /// Keeps at most `capacity` events (dockerd keeps 256... berth keeps more for `--since`).
    package init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// Records `event` and wakes the followers.
    package func publish(_ event: EngineEvent) {
        condition.lock()
        events.append(event)
        if events.count > capacity { events.removeFirst(events.count - capacity) }
        sequence += 1
        condition.broadcast()
        condition.unlock()
    }

    /// The events so far and a cursor for `next(after:timeout:)`.
    package func snapshot() -> (events: [EngineEvent], cursor: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (events, sequence)
    }

    /// Waits up to `timeout` for events newer than `cursor`; returns them and the new cursor.
    package func next(after cursor: Int, timeout: TimeInterval) -> (events: [EngineEvent], cursor: Int) {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        while sequence == cursor {
            if !condition.wait(until: deadline) { break }
        }
        let fresh = min(sequence - cursor, events.count)
        return (Array(events.suffix(fresh)), sequence)
    }
}
