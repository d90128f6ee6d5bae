import APIClient
import ArgumentParser
import EngineAPI
import Foundation
import Planner

/// `berth ls`: the projects the engine holds, read from container labels (no compose file needed).
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List running compose projects.")
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("all")], help: "Show stopped projects too.") var all = false
    @Option(name: .customLong("format"), help: "table or json.") var format = "table"
    @Flag(name: [.short, .customLong("quiet")], help: "Only project names.") var quiet = false
    @Option(name: .customLong("filter"), help: "Filter output (name=NAME).") var filter: [String] = []

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format: expected table or json") }
        for entry in filter where !entry.hasPrefix("name=") {
            throw ValidationError("--filter \(entry): only name=NAME is supported")
        }
    }

    func run() async throws {
        let filters = Filters.label(Labels.project).adding("label", Labels.configHash)
        let containers = try await engine.client().listContainers(ContainerListOptions(all: all, filters: filters))
        let names = filter.map { String($0.dropFirst("name=".count)) }
        let stacks = Self.stacks(of: containers).filter { stack in
            names.isEmpty || names.contains { stack.Name.contains($0) }
        }
        if quiet { return stacks.forEach { print($0.Name) } }
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return print(String(decoding: try encoder.encode(stacks), as: UTF8.self))
        }
        let rows = [["NAME", "STATUS", "CONFIG FILES"]] + stacks.map { [$0.Name, $0.Status, $0.ConfigFiles] }
        print(NetworkTable.render(rows), terminator: "")
    }

    /// One stack per project label, in name order: states counted (`exited(1), running(2)`) and the
    /// config files of every container, each named once.
    static func stacks(of containers: [ContainerSummary]) -> [Stack] {
        let byProject = Dictionary(grouping: containers) { $0.labels?[Labels.project] ?? "" }
        return byProject.keys.sorted().filter { !$0.isEmpty }.map { project in
            let members = byProject[project] ?? []
            var counts: [String: Int] = [:]
            for container in members { counts[container.state ?? "unknown", default: 0] += 1 }
            let status = counts.keys.sorted().map { "\($0)(\(counts[$0] ?? 0))" }.joined(separator: ", ")
            var files: [String] = []
            for container in members {
                let list = container.labels?[Labels.configFiles]?.split(separator: ",").map(String.init) ?? []
                for file in list where !files.contains(file) { files.append(file) }
            }
            return Stack(Name: project, Status: status, ConfigFiles: files.joined(separator: ","))
        }
    }

    /// A project as `ls` prints it (Docker Compose's JSON keys).
    struct Stack: Encodable, Equatable {
        var Name: String
        var Status: String
        var ConfigFiles: String
    }
}

/// `berth wait SERVICE...`: blocks until the services' containers stop; exits with the last exit code.
struct WaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Block until the containers of the services stop.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: .customLong("down-project"), help: "Take the project down once the containers stopped.")
    var downProject = false
    @Argument(help: "Services.") var services: [String]

    func validate() throws {
        guard !services.isEmpty else { throw ValidationError("wait needs at least one SERVICE") }
    }

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        let running = try await containers.list(services: services, all: false, oneOff: true)
        guard !running.isEmpty else { throw ValidationError("no containers for project \"\(containers.name)\"") }
        let client = containers.client
        let code = try await withThrowingTaskGroup(of: Int.self) { group in
            for container in running {
                group.addTask {
                    let code = try await client.waitContainer(container.id, condition: .notRunning).statusCode
                    print("container \"\(container.id)\" exited with status code \(code)")
                    return code
                }
            }
            var last = 0
            for try await code in group { last = code }
            return last
        }
        if downProject {
            let runner = try ComposeRunner(loaded: containers.loaded, engine: engine, progress: project.progress)
            try await runner.locked {
                let observed = try await Observer.observe(containers.loaded.project, client: client)
                let plan = Planner.down(
                    containers.loaded.project, observed: observed, options: DownOptions(removeOrphans: true))
                try await runner.execute(plan, parallelism: 4)
            }
        }
        if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
    }
}
