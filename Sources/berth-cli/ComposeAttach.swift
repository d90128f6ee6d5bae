import APIClient
import EngineAPI
import Foundation
import Synchronization

/// Attached `up` (docker compose's behaviour): follow the project's logs; the first Ctrl-C stops the
/// containers gracefully ("Gracefully stopping... (press Ctrl+C again to force)"), a second one
/// kills them; with `--abort-on-container-exit` (or `--exit-code-from`) the first container that
/// exits stops the others. Returns berth's exit code.
struct ComposeAttach: Sendable {
    let follower: ProjectFollower
    var abortOnExit = false
    var exitCodeFrom: String?
    var stopTimeout: Int?

    private final class State: Sendable {
        let interrupts = Mutex(0)
        let stopping = Mutex(false)
        let code = Mutex<Int32>(0)
    }

    func run() async throws -> Int32 {
        let state = State()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            let count = state.interrupts.withLock { value in
                value += 1
                return value
            }
            if count == 1 {
                FileHandle.standardError.write(Data("Gracefully stopping... (press Ctrl+C again to force)\n".utf8))
                state.code.withLock { $0 = 130 }
                stopAll(state, kill: false)
            } else {
                stopAll(state, kill: true)
            }
        }
        source.resume()
        defer { source.cancel() }
        let abort = abortOnExit || exitCodeFrom != nil
        try await follower.run(
            untilAllStopped: true,
            onExit: { exit in
                FileHandle.standardError.write(Data("\(exit.name) exited with code \(exit.code)\n".utf8))
                if let service = exitCodeFrom, exit.service == service {
                    state.code.withLock { $0 = Int32(truncatingIfNeeded: exit.code) }
                } else if exitCodeFrom == nil, abort, !state.stopping.withLock({ $0 }) {
                    state.code.withLock { $0 = Int32(truncatingIfNeeded: exit.code) }
                }
                if abort && !state.stopping.withLock({ $0 }) {
                    FileHandle.standardError.write(Data("Aborting on container exit...\n".utf8))
                    stopAll(state, kill: false)
                }
            },
            finished: { false })
        return state.code.withLock { $0 }
    }

    /// Stops (or kills) every running container of the project, each in parallel, off the caller.
    private func stopAll(_ state: State, kill: Bool) {
        state.stopping.withLock { $0 = true }
        let (client, project, timeout) = (follower.client, follower.project, stopTimeout)
        Task.detached {
            let filters = Filters.label("com.docker.compose.project=\(project)")
            let running = (try? await client.listContainers(ContainerListOptions(all: false, filters: filters))) ?? []
            await withTaskGroup(of: Void.self) { group in
                for container in running {
                    group.addTask {
                        if kill {
                            try? await client.killContainer(container.id, signal: "KILL")
                        } else {
                            try? await client.stopContainer(container.id, signal: nil, timeout: timeout)
                        }
                    }
                }
            }
        }
    }
}
