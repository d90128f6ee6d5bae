import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation

/// What one lifecycle command does to each service container, and the verb of its progress line. The
/// commands below differ only in their flags and in this value.
enum LifecycleOperation {
    case stop(timeout: Int?)
    case start
    case restart(timeout: Int?)
    case kill(signal: String)
    case pause
    case unpause
    case remove(stopFirst: Bool, volumes: Bool)

    var verb: String {
        switch self {
        case .stop: "Stopped"
        case .start: "Started"
        case .restart: "Restarted"
        case .kill: "Killed"
        case .pause: "Paused"
        case .unpause: "Unpaused"
        case .remove: "Removed"
        }
    }

    /// Whether stopped containers are acted on too (kill only signals running ones).
    var includesStopped: Bool {
        if case .kill = self { return false }
        return true
    }

    /// Acts on one container; false when it was left alone (rm of a running container).
    func perform(on id: String, client: SocketEngineClient) async throws -> Bool {
        switch self {
        case .stop(let timeout): try await client.stopContainer(id, signal: nil, timeout: timeout)
        case .start: try await client.startContainer(id)
        case .restart(let timeout): try await client.restartContainer(id, signal: nil, timeout: timeout)
        case .kill(let signal): try await client.killContainer(id, signal: signal)
        case .pause: try await client.pauseContainer(id)
        case .unpause: try await client.unpauseContainer(id)
        case .remove(let stopFirst, let volumes):
            if stopFirst { try await client.stopContainer(id, signal: nil, timeout: nil) }
            let state = try await client.inspectContainer(id).state?.status
            guard state != "running" && state != "paused" else { return false }
            try await client.removeContainer(id, force: false, removeVolumes: volumes)
        }
        return true
    }
}

/// The flags every lifecycle command shares: the project, the engine and the services.
struct LifecycleTarget: ParsableArguments {
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Argument(help: "Services (default: all).") var services: [String] = []

    /// Applies `operation` to the service containers (never one-off ones), printing a line for each.
    func apply(_ operation: LifecycleOperation) async throws {
        try await Self.apply(operation, project: project, engine: engine, services: services)
    }

    /// `apply` for commands whose own flags take `-f` (rm's --force): they hold the project flags
    /// with `--file` only.
    static func apply(
        _ operation: LifecycleOperation, project: ProjectOptions, engine: EngineOptions, services: [String]
    ) async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        for container in try await containers.list(services: services, all: operation.includesStopped) {
            guard try await operation.perform(on: container.id, client: containers.client) else { continue }
            project.reporter.line("Container \(container.displayName)", operation.verb)
        }
    }
}

/// `berth stop`.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop services.")
    @OptionGroup var target: LifecycleTarget
    @Option(name: [.short, .customLong("timeout")], help: "Seconds to wait before killing.") var timeout: Int?

    func run() async throws { try await target.apply(.stop(timeout: timeout)) }
}

/// `berth start`.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start services.")
    @OptionGroup var target: LifecycleTarget

    func run() async throws { try await target.apply(.start) }
}

/// `berth restart`.
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart services.")
    @OptionGroup var target: LifecycleTarget
    @Option(name: [.short, .customLong("timeout")], help: "Seconds to wait before killing.") var timeout: Int?

    func run() async throws { try await target.apply(.restart(timeout: timeout)) }
}

/// `berth kill`.
struct KillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to services.")
    @OptionGroup var target: LifecycleTarget
    @Option(name: [.short, .customLong("signal")], help: "Signal (default SIGKILL).") var signal = "SIGKILL"

    func run() async throws { try await target.apply(.kill(signal: signal)) }
}

/// `berth pause`.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause services.")
    @OptionGroup var target: LifecycleTarget

    func run() async throws { try await target.apply(.pause) }
}

/// `berth unpause`.
struct UnpauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Unpause services.")
    @OptionGroup var target: LifecycleTarget

    func run() async throws { try await target.apply(.unpause) }
}

/// `berth rm`: removes stopped service containers.
struct RmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove stopped service containers.")
    @OptionGroup var files: LongFileProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("force")], help: "Don't ask to confirm.") var force = false
    @Flag(name: [.short, .customLong("stop")], help: "Stop the containers first.") var stop = false
    @Flag(name: [.short, .customLong("volumes")], help: "Remove anonymous volumes too.") var volumes = false
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        try await LifecycleTarget.apply(
            .remove(stopFirst: stop, volumes: volumes), project: files.projectOptions, engine: engine,
            services: services)
    }
}
