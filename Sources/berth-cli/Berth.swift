import ArgumentParser
import Daemon

/// `berth`: a declarative multi-container orchestrator. `berth X` and `berth compose X` are the same.
/// Started by `BerthMain` (GlobalOptions.swift).
struct Berth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "Run multi-container applications described by compose files, on berth's own engine.",
        version: BerthVersion.string,
        subcommands: ([Compose.self] as [any ParsableCommand.Type]) + projectCommands + [
            DaemonCommand.self, ContainerCommand.self, ImageCommand.self, NetworkCommand.self, RuntimeCommand.self,
        ]
    )
}

/// The project commands, under `berth` and under `berth compose` alike.
private var projectCommands: [any ParsableCommand.Type] {
    [
        UpCommand.self, DownCommand.self, PsCommand.self, LogsCommand.self, ExecCommand.self, RunCommand.self,
        CreateCommand.self, StartCommand.self, StopCommand.self, RestartCommand.self, KillCommand.self,
        PauseCommand.self, UnpauseCommand.self, RmCommand.self, ScaleCommand.self, WaitCommand.self, TopCommand.self,
        PortCommand.self, ImagesCommand.self, ListCommand.self, PullCommand.self, PushCommand.self,
        EventsCommand.self, ConfigCommand.self, VersionCommand.self, CopyCommand.self,
    ]
}

/// `berth compose ...`: the project commands under Docker Compose's spelling.
struct Compose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Project commands (the same as `berth <command>`).",
        subcommands: projectCommands
    )
}

/// `berth version`.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the berth version.")

    @Flag(name: .long, help: "Print only the version number.")
    var short = false

    @Option(name: [.short, .long], help: "pretty or json.")
    var format = "pretty"

    func validate() throws {
        guard ["pretty", "json"].contains(format) else { throw ValidationError("--format: expected pretty or json") }
    }

    func run() async throws {
        if short { return print(BerthVersion.string) }
        print(format == "json" ? #"{"version":"\#(BerthVersion.string)"}"# : "berth version \(BerthVersion.string)")
    }
}
