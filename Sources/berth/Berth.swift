import ArgumentParser

/// `berth`: a declarative multi-container orchestrator. `berth X` and `berth compose X` are the same.
@main
struct Berth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "Run multi-container applications described by compose files, on berth's own engine.",
        version: BerthVersion.current,
        subcommands: [
            Compose.self, ConfigCommand.self, VersionCommand.self, RuntimeCommand.self, ContainerCommand.self,
        ]
    )
}

/// `berth compose ...`: the project commands under Docker Compose's spelling.
struct Compose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Project commands (the same as `berth <command>`).",
        subcommands: [ConfigCommand.self, VersionCommand.self]
    )
}

enum BerthVersion {
    static let current = "0.1.0"
}

/// `berth version`.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the berth version.")

    @Flag(name: .long, help: "Print only the version number.")
    var short = false

    func run() async throws {
        print(short ? BerthVersion.current : "berth version \(BerthVersion.current)")
    }
}
