import APIClient
import EngineAPI
import Foundation
import Synchronization

/// Follows the logs of a project's containers as they come and go: containers that appear later
/// (recreated by another `up`, scaled, restarted) are picked up by listing the project again every
/// half second, so `up` in attached mode and `logs -f` never stop at the containers of the moment.
/// Lines get a `name-1 | ` prefix, coloured per service on a terminal (as docker compose does).
struct ProjectFollower: Sendable {
    let project: String
    let client: SocketEngineClient
    let services: [String]
    var prefix = true
    var timestamps = false
    var color = isatty(1) == 1
    /// The log lines of containers followed from the start: how many from the end (nil: all).
    var initialTail: String?

    /// How a followed container ended, for `--abort-on-container-exit` and the exit note.
    struct Exit: Sendable {
        var name: String
        var service: String
        var code: Int
    }

    /// Follows until `finished` says so (checked after each listing and each exit); `onExit` is
    /// called when a followed container stops, after its last line. With `untilAllStopped`, it also
    /// returns once no container of the project runs and every followed log has ended.
    func run(
        untilAllStopped: Bool, onExit: @escaping @Sendable (Exit) -> Void, finished: @escaping @Sendable () -> Bool
    )
        async throws
    {
        let seen = Seen()
        let painter = Painter(color: color)
        var first = true
        try await withThrowingTaskGroup(of: Void.self) { group in
            while !finished() {
                let containers = try await projectContainers()
                var anyRunning = false
                for container in containers {
                    let running = container.state == "running" || container.state == "paused"
                    anyRunning = anyRunning || running
                    // Old exited containers are not followed; new ones are, even if they already ended. A
                    // container not started yet (being recreated) is left for a later round: a follow of
                    // it would end at once.
                    let ended = container.state == "exited" || container.state == "dead"
                    guard running || (ended && !first) else { continue }
                    guard seen.ids.withLock({ $0.insert(container.id).inserted }) else { continue }
                    seen.active.withLock { $0 += 1 }
                    let tail = first ? initialTail : nil
                    let label = painter.label(for: container, width: Self.width(containers))
                    group.addTask {
                        defer { seen.active.withLock { $0 -= 1 } }
                        try await follow(container, tail: tail, label: label)
                        if let exit = try? await exitOf(container) { onExit(exit) }
                    }
                }
                first = false
                if untilAllStopped && !anyRunning && seen.active.withLock({ $0 }) == 0 { break }
                try? await Task.sleep(for: .milliseconds(500))
            }
            group.cancelAll()
        }
    }

    /// The containers followed so far, and how many logs are still being followed.
    private final class Seen: Sendable {
        let ids = Mutex<Set<String>>([])
        let active = Mutex(0)
    }

    private func projectContainers() async throws -> [ContainerSummary] {
        let filters = Filters.label("com.docker.compose.project=\(project)")
        return try await client.listContainers(ContainerListOptions(all: true, filters: filters)).filter {
            (services.isEmpty || services.contains($0.labels?["com.docker.compose.service"] ?? ""))
                && $0.labels?["com.docker.compose.oneoff"] != "True"
        }
    }

    private func follow(_ container: ContainerSummary, tail: String?, label: String) async throws {
        let options = LogOptions(follow: true, timestamps: timestamps, tail: tail)
        for try await line in client.containerLogs(container.id, options: options) {
            let stamp = line.timestamp.map { $0 + " " } ?? ""
            // Unbuffered: a follower's output is read live (a pipe, `| grep`), and it ends by a signal.
            FileHandle.standardOutput.write(Data(((prefix ? label : "") + stamp + line.line + "\n").utf8))
        }
    }

    private func exitOf(_ container: ContainerSummary) async throws -> Exit? {
        let state = try await client.inspectContainer(container.id).state
        guard state?.running != true else { return nil }
        return Exit(
            name: Self.name(of: container), service: container.labels?["com.docker.compose.service"] ?? "",
            code: state?.exitCode ?? 0)
    }

    static func name(of container: ContainerSummary) -> String {
        String((container.names?.first ?? "").dropFirst())
    }

    static func width(_ containers: [ContainerSummary]) -> Int {
        containers.map { name(of: $0).count }.max() ?? 0
    }
}

/// Prefixes `name | `, padded, in one colour per service on a terminal.
struct Painter: Sendable {
    let color: Bool
    private static let palette = ["36", "33", "32", "35", "34", "96", "93", "92", "95", "94"]

    func label(for container: ContainerSummary, width: Int) -> String {
        let name = ProjectFollower.name(of: container)
        let padded = name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0) + " | "
        guard color else { return padded }
        let service = container.labels?["com.docker.compose.service"] ?? name
        let index = Int(service.utf8.reduce(UInt32(5381)) { ($0 &* 33) &+ UInt32($1) } % UInt32(Self.palette.count))
        return "\u{1B}[\(Self.palette[index])m\(padded)\u{1B}[0m"
    }
}
