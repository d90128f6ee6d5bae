import ArgumentParser
import Engine

/// `berth runtime`: OCI-runtime style commands on a bundle (hidden; for benchmarks and debugging).
struct RuntimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Run OCI bundles with berth's runtime, like crun or runc.",
        shouldDisplay: false,
        subcommands: [RuntimeRunCommand.self]
    )
}

/// `berth runtime run --bundle DIR ID`: create, start, wait for and delete one container.
struct RuntimeRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the container described by BUNDLE/config.json in the foreground and exit with its status."
    )

    @Option(name: [.short, .long], help: "The bundle folder (holds config.json).")
    var bundle = "."

    @Argument(help: "The container id.")
    var id: String

    func run() throws {
        let loaded = try OCIBundle(directory: bundle)
        var spec = try loaded.containerSpec()
        if loaded.config.linux?.cgroupsPath == nil && !spec.resources.isEmpty {
            spec.cgroupPath = "berth/" + id
        }
        let exit = try ContainerRuntime().runContainer(spec)
        if exit.oomKilled { print("berth: container \(id) was killed for lack of memory (OOMKilled)") }
        throw ExitCode(exit.status)
    }
}
