import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation

/// The project's containers, optionally only those of `services`, in name order.
struct ProjectContainers {
    let loaded: LoadedProject
    let client: SocketEngineClient

    init(project: ProjectOptions, engine: EngineOptions) throws {
        loaded = try DiagnosticPrinter.load(project.loadOptions())
        client = try engine.client()
    }

    func list(services: [String], all: Bool = true) async throws -> [ContainerSummary] {
        for service in services where loaded.project.services[service] == nil {
            throw ValidationError("no such service: \(service)")
        }
        let filters = Filters.label("com.docker.compose.project=\(loaded.project.name)")
        return try await client.listContainers(ContainerListOptions(all: all, filters: filters)).filter {
            $0.labels?["com.docker.compose.oneoff"] != "True"
                && (services.isEmpty || services.contains($0.labels?["com.docker.compose.service"] ?? ""))
        }.sorted { ($0.names?.first ?? "") < ($1.names?.first ?? "") }
    }

    /// Runs `body` on each container, printing Docker Compose's progress line with `verb`.
    func each(services: [String], verb: String, _ body: (ContainerSummary) async throws -> Void) async throws {
        for container in try await list(services: services) {
            try await body(container)
            let name = String((container.names?.first ?? "").dropFirst())
            FileHandle.standardError.write(Data(" ✔ Container \(name)  \(verb)\n".utf8))
        }
    }
}

/// `berth stop`, `start`, `restart`, `kill`, `pause`, `unpause`, `rm` on the project's containers.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop services.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: [.short, .customLong("timeout")], help: "Seconds to wait before killing.") var timeout: Int?
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        try await containers.each(services: services, verb: "Stopped") {
            try await containers.client.stopContainer($0.id, signal: nil, timeout: timeout)
        }
    }
}

/// `berth start`.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start services.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        try await containers.each(services: services, verb: "Started") {
            try await containers.client.startContainer($0.id)
        }
    }
}

/// `berth restart`.
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart services.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: [.short, .customLong("timeout")], help: "Seconds to wait before killing.") var timeout: Int?
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        try await containers.each(services: services, verb: "Restarted") {
            try await containers.client.restartContainer($0.id, signal: nil, timeout: timeout)
        }
    }
}

/// `berth kill`.
struct KillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to services.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: [.short, .customLong("signal")], help: "Signal (default SIGKILL).") var signal = "SIGKILL"
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        for container in try await containers.list(services: services, all: false) {
            try await containers.client.killContainer(container.id, signal: signal)
        }
    }
}

/// `berth pause` and `berth unpause`.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause services.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        try await containers.each(services: services, verb: "Paused") {
            try await containers.client.pauseContainer($0.id)
        }
    }
}

/// `berth unpause`.
struct UnpauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Unpause services.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        try await containers.each(services: services, verb: "Unpaused") {
            try await containers.client.unpauseContainer($0.id)
        }
    }
}

/// `berth rm`: removes stopped service containers.
struct RmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove stopped service containers.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("force")], help: "Don't ask to confirm.") var force = false
    @Flag(name: [.short, .customLong("stop")], help: "Stop the containers first.") var stop = false
    @Flag(name: [.short, .customLong("volumes")], help: "Remove anonymous volumes too.") var volumes = false
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        for container in try await containers.list(services: services) {
            if stop { try await containers.client.stopContainer(container.id, signal: nil, timeout: nil) }
            let state = try await containers.client.inspectContainer(container.id).state?.status
            guard state != "running" && state != "paused" else { continue }
            try await containers.client.removeContainer(container.id, force: false, removeVolumes: volumes)
            let name = String((container.names?.first ?? "").dropFirst())
            FileHandle.standardError.write(Data(" ✔ Container \(name)  Removed\n".utf8))
        }
    }
}
