import Engine
import EngineAPI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the health checks of running containers (Docker's rules: `starting` until the first
/// success, `unhealthy` after `retries` failures in a row, failures in the start period do not
/// count) and keeps each container's `State.Health`.
final class HealthMonitor: Sendable {
    private struct Watched: Sendable {
        var generation: Int
        var health: Health
    }

    private let store: ContainerStore
    private let events: EventLog
    private let watched = Mutex<[String: Watched]>([:])
    private let generations = Mutex(0)

    init(store: ContainerStore, events: EventLog) {
        self.store = store
        self.events = events
    }

    /// The container's health, when it has a check and runs.
    func health(of id: String) -> Health? {
        watched.withLock { $0[id]?.health }
    }

    /// Starts checking `record` when it has a health check (replacing an earlier watch).
    func watch(_ record: ContainerRecord) {
        guard let check = record.config.healthcheck else { return }
        let generation = generations.withLock { value in
            value += 1
            return value
        }
        watched.withLock {
            $0[record.id] = Watched(
                generation: generation, health: Health(status: "starting", failingStreak: 0, log: []))
        }
        let thread = Thread { [self] in run(record, check: check, generation: generation) }
        thread.name = "health-\(record.id.prefix(12))"
        thread.start()
    }

    /// Stops checking `id`.
    func forget(_ id: String) {
        _ = watched.withLock { $0.removeValue(forKey: id) }
    }

    private func isCurrent(_ id: String, _ generation: Int) -> Bool {
        watched.withLock { $0[id]?.generation == generation }
    }

    private func run(_ record: ContainerRecord, check: Engine.Healthcheck, generation: Int) {
        let started = Date()
        let interval = Self.seconds(check.interval, default: 30)
        let startPeriod = Self.seconds(check.startPeriod, default: 0)
        let retries = max(1, check.retries ?? 3)
        var next = min(interval, 1)
        while true {
            Thread.sleep(forTimeInterval: next)
            guard isCurrent(record.id, generation) else { return }
            let result = probe(record, check: check)
            let inStartPeriod = Date().timeIntervalSince(started) < startPeriod
            apply(
                result, id: record.id, record: record, generation: generation, retries: retries,
                inStartPeriod: inStartPeriod)
            next = interval
        }
    }

    private func apply(
        _ result: HealthcheckResult, id: String, record: ContainerRecord, generation: Int, retries: Int,
        inStartPeriod: Bool
    ) {
        let change: String? = watched.withLock { table in
            guard var entry = table[id], entry.generation == generation else { return nil }
            let before = entry.health.status
            var log = entry.health.log ?? []
            log.append(result)
            entry.health.log = Array(log.suffix(5))
            if result.exitCode == 0 {
                entry.health.failingStreak = 0
                entry.health.status = "healthy"
            } else if !inStartPeriod || entry.health.status != "starting" {
                entry.health.failingStreak = (entry.health.failingStreak ?? 0) + 1
                if (entry.health.failingStreak ?? 0) >= retries { entry.health.status = "unhealthy" }
            }
            table[id] = entry
            return entry.health.status != before ? entry.health.status : nil
        }
        if let change {
            var attributes = record.config.labels
            attributes["name"] = record.name
            attributes["image"] = record.config.image
            events.publish(
                EngineEvent(type: "container", action: "health_status: \(change)", id: id, attributes: attributes)
            )
        }
    }

    /// Runs the check's command in the container; its output goes to a file in the container's
    /// run folder (a pipe could fill up and stall the check).
    private func probe(_ record: ContainerRecord, check: Engine.Healthcheck) -> HealthcheckResult {
        let start = formatTimestamp(nowNanoseconds())
        let test = check.test
        let args =
            test.first == "CMD-SHELL"
            ? ["/bin/sh", "-c", test.dropFirst().joined(separator: " ")] : Array(test.dropFirst())
        let outputPath = store.runDirectory(record.id) + "/health-\(UInt32.random(in: 0...UInt32.max)).out"
        let output = open(outputPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            if output >= 0 { close(output) }
            if input >= 0 { close(input) }
            unlink(outputPath)
        }
        var code: Int32 = -1
        var text = ""
        do {
            code = try store.exec(record.id, ExecOptions(args: args), stdio: (input, output, output))
            text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        } catch {
            text = "\(error)"
        }
        return HealthcheckResult(
            start: start, end: formatTimestamp(nowNanoseconds()), exitCode: Int(code), output: String(text.prefix(4096))
        )
    }

    private static func seconds(_ nanoseconds: Int64?, default value: Double) -> Double {
        guard let nanoseconds, nanoseconds > 0 else { return value }
        return Double(nanoseconds) / 1e9
    }
}
