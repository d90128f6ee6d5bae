import ArgumentParser
import Daemon

/// `berth`: a declarative multi-container orchestrator. `berth X` and `berth compose X` are the same.
/// Started by `BerthMain` (GlobalOptions.swift).
struct Berth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "Run multi-container applications described by compose files, on berth's own engine.",
        version: BerthVersion.string,
        subcommands: [
            Compose.self, UpCommand.self, DownCommand.self, PsCommand.self, LogsCommand.self, StopCommand.self,
            StartCommand.self,
            RestartCommand.self, KillCommand.self, PauseCommand.self, UnpauseCommand.self, RmCommand.self,
            ConfigCommand.self,
            VersionCommand.self, DaemonCommand.self, ContainerCommand.self,
            ImageCommand.self,
            NetworkCommand.self,
            RuntimeCommand.self,
        ]
    )
}

/// `berth compose ...`: the project commands under Docker Compose's spelling.
struct Compose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Project commands (the same as `berth <command>`).",
        subcommands: [
            UpCommand.self, DownCommand.self, PsCommand.self, LogsCommand.self, StopCommand.self, StartCommand.self,
            RestartCommand.self, KillCommand.self, PauseCommand.self, UnpauseCommand.self, RmCommand.self,
            ConfigCommand.self, VersionCommand.self,
        ]
    )
}

/// `berth version`.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the berth version.")

    @Flag(name: .long, help: "Print only the version number.")
    var short = false

    func run() async throws {
        print(short ? BerthVersion.string : "berth version \(BerthVersion.string)")
    }
}
