import APIClient
import EngineAPI
import Foundation

/// `up --wait`: waits until every container of the project's (selected) services runs, and is
/// healthy when it has a health check; an exit or `unhealthy` fails at once, naming the container,
/// and `--wait-timeout` bounds the wait (docker compose's messages).
enum ComposeWait {
    static func wait(project: String, client: SocketEngineClient, services: [String], timeout: Int?) async throws {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + .seconds($0) }
        let filters = Filters.label("com.docker.compose.project=\(project)")
        while true {
            let containers = try await client.listContainers(ContainerListOptions(all: true, filters: filters)).filter {
                (services.isEmpty || services.contains($0.labels?["com.docker.compose.service"] ?? ""))
                    && $0.labels?["com.docker.compose.oneoff"] != "True"
            }
            var pending: [String] = []
            for container in containers where try await !isReady(container, client: client) {
                pending.append(ProjectFollower.name(of: container))
            }
            if pending.isEmpty { return }
            if let deadline, clock.now >= deadline {
                throw WaitError(
                    description: "timeout waiting for \(pending.sorted().joined(separator: ", ")) to be ready")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    private static func isReady(_ container: ContainerSummary, client: SocketEngineClient) async throws -> Bool {
        let inspected = try await client.inspectContainer(container.id)
        let name = ProjectFollower.name(of: container)
        let state = inspected.state
        if state?.status == "exited" || state?.status == "dead" {
            throw WaitError(description: "container \(name) exited (\(state?.exitCode ?? -1))")
        }
        guard state?.running == true else { return false }
        switch state?.health?.status {
        case nil, "none": return true
        case "healthy": return true
        case "unhealthy": throw WaitError(description: "container \(name) is unhealthy")
        default: return false
        }
    }

    struct WaitError: Error, CustomStringConvertible {
        var description: String
    }
}
