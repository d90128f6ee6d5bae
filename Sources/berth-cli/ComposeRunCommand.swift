import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation
import Planner

/// `berth run SERVICE [COMMAND...]`: a one-off container of a service (labelled
/// `com.docker.compose.oneoff=True`, named `<project>-<service>-run-<slug>`), its dependencies started
/// first; its output is streamed and its exit code is berth's.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a one-off command on a service.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("detach")], help: "Run the container in the background and print its ID.")
    var detach = false
    @Option(name: [.short, .customLong("env")], help: "Set an environment variable (KEY=VALUE or KEY).")
    var env: [String] = []
    @Option(name: [.short, .customLong("label")], help: "Add or override a label (KEY=VALUE).") var label: [String] = []
    @Flag(name: .customLong("rm"), help: "Remove the container when it exits.") var remove = false
    @Flag(
        name: [.customShort("T"), .customLong("no-tty"), .customLong("no-TTY")],
        help: "Disable pseudo-TTY allocation (default: a TTY when standard input and output are terminals).")
    var noTTY = false
    @Option(name: .customLong("name"), help: "Name of the container.") var name: String?
    @Option(name: [.short, .customLong("user")], help: "Run as this user (name or uid).") var user: String?
    @Option(name: [.short, .customLong("workdir")], help: "Working directory in the container.") var workdir: String?
    @Option(name: .customLong("entrypoint"), help: "Override the image's entrypoint.") var entrypoint: String?
    @Option(name: .customLong("cap-add"), help: "Add a Linux capability.") var capAdd: [String] = []
    @Option(name: .customLong("cap-drop"), help: "Drop a Linux capability.") var capDrop: [String] = []
    @Flag(name: .customLong("no-deps"), help: "Don't start the services it depends on.") var noDeps = false
    @Option(name: [.short, .customLong("volume")], help: "Bind mount or volume SRC:DEST[:ro].") var volume: [String] =
        []
    // No -p: in berth every project command takes -p as --project-name.
    @Option(name: .customLong("publish"), help: "Publish a port [IP:][HOST:]CONTAINER[/PROTO].")
    var publish: [String] = []
    @Flag(name: [.customShort("P"), .customLong("service-ports")], help: "Publish the service's ports.")
    var servicePorts = false
    @Flag(name: .customLong("use-aliases"), help: "Use the service's network aliases.") var useAliases = false
    @Flag(name: .customLong("remove-orphans"), help: "Remove containers of services not in the file.")
    var removeOrphans = false
    @Flag(name: [.short, .customLong("interactive")], help: .hidden) var interactive = false
    @Flag(name: [.short, .customLong("tty")], help: .hidden) var tty = false
    @Argument(help: "The service.") var service: String
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.") var command: [String] = []

    func validate() throws {
        if servicePorts && !publish.isEmpty { throw ValidationError("--service-ports and --publish are incompatible") }
        if tty && noTTY { throw ValidationError("--tty and --no-tty can't be used together") }
        for entry in label where !entry.contains("=") { throw ValidationError("label must be set as KEY=VALUE") }
    }

    func run() async throws {
        let loaded = try DiagnosticPrinter.load(project.loadOptions(selectedServices: [service]))
        guard let original = loaded.project.services[service] else {
            throw ValidationError("no such service: \(service)")
        }
        let target = try overridden(original, projectDirectory: loaded.projectDirectory)
        let slug = Self.randomSlug()
        var options = OneOffOptions(
            name: name ?? OneOffOptions.containerName(project: loaded.project.name, service: service, slug: slug),
            slug: slug, noDependencies: noDeps, useAliases: useAliases, autoRemove: remove && detach,
            removeOrphans: removeOrphans)
        // Docker Compose's run keeps stdin open (-i is its default) and allocates a TTY on a terminal.
        options.interactive = !detach
        options.tty = !detach && !noTTY && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let runner = try ComposeRunner(loaded: loaded, engine: engine, progress: project.progress)
        try await runner.locked {
            let observed = try await Observer.observe(loaded.project, client: runner.client)
            let plan = try Planner.run(
                loaded.project, service: target, observed: observed, options: options, metadata: runner.metadata)
            for warning in plan.warnings { ComposeRunner.warn(warning) }
            try await runner.execute(plan, parallelism: 4, quietResource: "service:\(service):run")
        }
        let id = try await runner.client.inspectContainer(options.name).id
        if detach {
            try await runner.client.startContainer(id)
            print(id)
            return
        }
        let code = try await Self.attachAndWait(id, client: runner.client, tty: options.tty)
        if remove { try await runner.client.removeContainer(id, force: true, removeVolumes: true) }
        if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
    }

    /// Attaches before starting (nothing is missed), with our stdin copied to the container's, copies the
    /// output until the container stops, and returns its exit code. With `tty` our terminal is raw
    /// meanwhile and the container's terminal takes its size.
    static func attachAndWait(_ id: String, client: SocketEngineClient, tty: Bool = false) async throws -> Int {
        let raw = tty ? TerminalMode.makeRaw() : nil
        defer { raw?.restore() }
        let output = try await client.attachContainer(id, input: StandardInput.stream())
        do {
            try await client.startContainer(id)
        } catch {
            try? await client.removeContainer(id, force: true, removeVolumes: true)
            throw error
        }
        if tty, let size = TerminalMode.size() {
            try? await client.resizeContainer(id, height: size[0], width: size[1])
        }
        for try await chunk in output {
            let handle = chunk.stream == .stderr ? FileHandle.standardError : FileHandle.standardOutput
            handle.write(Data(chunk.bytes))
        }
        return try await client.waitContainer(id, condition: .notRunning).statusCode
    }

    /// 64 random hex digits, as Docker's `stringid.GenerateRandomID`.
    static func randomSlug() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
