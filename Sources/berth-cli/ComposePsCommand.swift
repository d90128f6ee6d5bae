import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation

/// `berth ps`: the project's containers.
struct PsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List the project's containers.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("all")], help: "Show stopped containers too.") var all = false
    @Flag(name: [.short, .customLong("quiet")], help: "Only IDs.") var quiet = false
    @Flag(name: .customLong("services"), help: "Only service names.") var servicesOnly = false
    @Option(name: .customLong("format"), help: "table or json.") var format = "table"
    @Option(
        name: .customLong("status"),
        help:
            "Only containers in this state (repeatable): paused, restarting, removing, running, dead, created, exited.")
    var statuses: [String] = []
    @Option(name: .customLong("filter"), help: "Filter: status=STATE.") var filter: [String] = []
    @Argument(help: "Services (default: all).") var services: [String] = []

    static let states: Set = ["paused", "restarting", "removing", "running", "dead", "created", "exited"]

    /// The wanted states from --status and --filter status=...; a state filter implies --all (as in
    /// docker compose, where `ps --status exited` lists stopped containers).
    func wantedStates() throws -> Set<String> {
        var wanted = Set(statuses)
        for entry in filter {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "status" else {
                throw ValidationError("--filter \(entry): only status=STATE is supported")
            }
            wanted.insert(parts[1])
        }
        if let unknown = wanted.subtracting(Self.states).sorted().first {
            throw ValidationError(
                "--status \(unknown): expected one of \(Self.states.sorted().joined(separator: ", "))")
        }
        return wanted
    }

    func run() async throws {
        let wanted = try wantedStates()
        let loaded = try DiagnosticPrinter.load(project.loadOptions())
        let client = try engine.client()
        let filters = Filters.label("com.docker.compose.project=\(loaded.project.name)")
        let listing = ContainerListOptions(all: all || !wanted.isEmpty, filters: filters)
        let containers = try await client.listContainers(listing).filter {
            (services.isEmpty || services.contains($0.labels?["com.docker.compose.service"] ?? ""))
                && (wanted.isEmpty || wanted.contains($0.state ?? ""))
        }.sorted { ($0.names?.first ?? "") < ($1.names?.first ?? "") }
        if quiet { return containers.forEach { print($0.id) } }
        if servicesOnly {
            return Set(containers.compactMap { $0.labels?["com.docker.compose.service"] }).sorted().forEach {
                print($0)
            }
        }
        if format == "json" {
            let encoder = JSONEncoder()
            for container in containers { print(String(decoding: try encoder.encode(container), as: UTF8.self)) }
            return
        }
        let rows =
            [["NAME", "IMAGE", "SERVICE", "STATUS", "PORTS"]]
            + containers.map { container in
                [
                    String((container.names?.first ?? "").dropFirst()), container.image ?? "",
                    container.labels?["com.docker.compose.service"] ?? "", container.status ?? "",
                    (container.ports ?? []).compactMap { port in
                        port.publicPort.map { "\(port.ip ?? ""):\($0)->\(port.privatePort)/\(port.type)" }
                    }.joined(separator: ", "),
                ]
            }
        print(NetworkTable.render(rows), terminator: "")
    }
}

/// `berth logs`: the project's logs, prefixed with `name |`.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Show the project's logs.")

    @OptionGroup var files: LongFileProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("follow")], help: "Follow log output.") var follow = false
    @Flag(name: [.short, .customLong("timestamps")], help: "Show timestamps.") var timestamps = false
    @Flag(name: .customLong("no-log-prefix"), help: "Don't print the container name prefix.") var noPrefix = false
    @Option(name: [.customShort("n"), .customLong("tail")], help: "Lines from the end of each log (or all).")
    var tail = "all"
    @Option(name: .customLong("since"), help: "Unix time to start from.") var since: String?
    @Option(name: .customLong("until"), help: "Unix time to stop at.") var until: String?
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let loaded = try DiagnosticPrinter.load(files.projectOptions.loadOptions())
        if follow && since == nil && until == nil {
            // docker compose logs -f keeps following containers that are recreated or scaled meanwhile.
            var follower = ProjectFollower(
                project: loaded.project.name, client: try engine.client(), services: services)
            follower.prefix = !noPrefix
            follower.timestamps = timestamps
            follower.initialTail = tail == "all" ? nil : tail
            try await follower.run(untilAllStopped: false, onExit: { _ in }, finished: { false })
            return
        }
        let options = LogOptions(
            follow: follow, since: since, until: until, timestamps: timestamps, tail: tail == "all" ? nil : tail)
        try await ComposeLogs.show(
            project: loaded.project.name, client: try engine.client(), services: services, options: options,
            prefix: !noPrefix)
    }
}

/// The project flags of commands where `-f` means something else (`logs -f` follows, `rm -f` forces, as in
/// docker compose): the compose file is `--file` only (a `-f FILE` before the command is turned into
/// `--file FILE`; see GlobalOptions).
struct LongFileProjectOptions: ParsableArguments {
    @Option(name: .customLong("file"), help: "Compose file (repeatable; `-` reads standard input).")
    var files: [String] = []
    @Option(name: [.short, .customLong("project-name")], help: "Project name.") var projectName: String?
    @Option(name: .customLong("project-directory"), help: "Folder relative paths are resolved against.")
    var projectDirectory: String?
    @Option(name: .customLong("env-file"), help: "Environment file (repeatable).") var envFiles: [String] = []
    @Option(name: .customLong("profile"), help: "Profile to enable (repeatable).") var profiles: [String] = []
    @Option(name: .customLong("progress"), help: "Progress output: auto, tty, plain, json or quiet.")
    var progress: ProgressMode = .auto

    /// The same settings as the other commands' `ProjectOptions`.
    var projectOptions: ProjectOptions {
        var options = ProjectOptions()
        options.files = files
        options.projectName = projectName
        options.projectDirectory = projectDirectory
        options.envFiles = envFiles
        options.profiles = profiles
        options.progress = progress
        return options
    }
}

/// Prints the logs of a project's containers, each line prefixed with its container's name.
enum ComposeLogs {
    static func show(
        project: String, client: SocketEngineClient, services: [String], options: LogOptions, prefix: Bool
    ) async throws {
        let filters = Filters.label("com.docker.compose.project=\(project)")
        // One-off containers of `run` have logs of their own (Docker Compose leaves them out too).
        let containers = try await client.listContainers(ContainerListOptions(all: true, filters: filters)).filter {
            !$0.isOneOff && (services.isEmpty || services.contains($0.labels?["com.docker.compose.service"] ?? ""))
        }
        let width = containers.map { ($0.names?.first ?? "").count }.max() ?? 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            for container in containers {
                let name = String((container.names?.first ?? "").dropFirst())
                let label = name.padding(toLength: max(width - 1, name.count), withPad: " ", startingAt: 0) + " | "
                group.addTask {
                    for try await line in client.containerLogs(container.id, options: options) {
                        let stamp = line.timestamp.map { $0 + " " } ?? ""
                        print((prefix ? label : "") + stamp + line.line)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

}
