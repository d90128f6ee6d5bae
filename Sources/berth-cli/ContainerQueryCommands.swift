import ArgumentParser
import Engine
import Foundation

struct ContainerListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List containers.", aliases: ["ps"])
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .long], help: "Show stopped containers too.") var all = false
    @Flag(name: [.short, .long], help: "Only ids.") var quiet = false

    func run() async throws {
        guard store.isLocal else { return try await runThroughEngine() }
        let store = try reportingErrors { try self.store.store() }
        let records = store.list().filter { all || $0.state.status == .running || $0.state.status == .paused }
        if quiet {
            records.forEach { print($0.id.prefix(12)) }
            return
        }
        print("CONTAINER ID  IMAGE  COMMAND  STATUS  NAMES")
        for record in records {
            let status =
                record.state.status == .exited ? "exited (\(record.state.exitCode))" : record.state.status.rawValue
            let command = record.config.spec.args.joined(separator: " ")
            print("\(record.id.prefix(12))  \(record.config.image)  \"\(command)\"  \(status)  \(record.name)")
        }
    }
}

struct ContainerInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Show containers' records as JSON.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else { return try await runThroughEngine() }
        let store = try reportingErrors { try self.store.store() }
        let records = try reportingErrors { try containers.map { try store.inspect($0) } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(records), as: UTF8.self))
    }
}

struct ContainerLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Show a container's output.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .long], help: "Follow new output.") var follow = false
    @Flag(name: [.short, .long], help: "Show timestamps.") var timestamps = false
    @Option(name: [.customShort("n"), .customLong("tail")], help: "Lines from the end (all by default).") var tail =
        "all"
    @Option(name: .long, help: "RFC 3339 time or seconds since the epoch.") var since: String?
    @Option(name: .long, help: "RFC 3339 time or seconds since the epoch.") var until: String?
    @Argument var container: String

    func run() async throws {
        guard store.isLocal else { return try await runThroughEngine() }
        let store = try reportingErrors { try self.store.store() }
        var query = LogQuery(since: try since.map(time), until: try until.map(time))
        if tail != "all" {
            guard let count = Int(tail) else { throw ValidationError("--tail \(tail) is not a number") }
            query.tail = count
        }
        let write = { (entry: LogEntry) -> Bool in
            let handle = entry.stream == "stderr" ? FileHandle.standardError : FileHandle.standardOutput
            handle.write(Data(((timestamps ? entry.time + " " : "") + entry.log).utf8))
            return true
        }
        if follow {
            try reportingErrors { try store.followLogs(container, query: query, write) }
        } else {
            try reportingErrors { try store.logs(container, query: query) }.forEach { _ = write($0) }
        }
    }

    func time(_ text: String) throws -> Int64 {
        if let seconds = Double(text) { return Int64(seconds * 1e9) }
        guard let value = parseTimestamp(text) else { throw ValidationError("\"\(text)\" is not a time") }
        return value
    }
}

struct ContainerExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a command in a running container.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: [.short, .long], help: "Environment variable KEY=VALUE.") var env: [String] = []
    @Option(name: [.short, .long], help: "user[:group].") var user: String?
    @Option(name: [.short, .customLong("workdir")], help: "Working directory.") var workdir: String?
    @Flag(name: .long, help: "Every capability, no seccomp.") var privileged = false
    @Flag(name: [.short, .long], help: "Keep stdin open (always passed through).") var interactive = false
    @Flag(name: [.short, .long], help: "Allocate a pty of the container's own (when standard input is a terminal).")
    var tty = false
    @Argument var container: String
    @Argument(parsing: .captureForPassthrough) var command: [String] = []

    func run() async throws {
        guard store.isLocal else { return try await runThroughEngine() }
        let store = try reportingErrors { try self.store.store() }
        var options = ExecOptions(args: command)
        options.env = env
        options.user = user
        options.workingDirectory = workdir
        options.privileged = privileged
        if tty && isatty(STDIN_FILENO) == 1 {
            throw ExitCode(try reportingErrors { try Self.execWithTerminal(store, container, options) })
        }
        throw ExitCode(try reportingErrors { try store.exec(container, options) })
    }
}

struct ContainerTopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Show a container's processes.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Argument var container: String

    func run() async throws {
        guard store.isLocal else { return try await runThroughEngine() }
        let store = try reportingErrors { try self.store.store() }
        for row in try reportingErrors({ try store.top(container) }) { print(row.joined(separator: "\t")) }
    }
}

struct ContainerStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show containers' cgroup counters.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: .customLong("no-stream"), help: "One sample (the only mode so far).") var noStream = false
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else { return try await runThroughEngine() }
        let store = try reportingErrors { try self.store.store() }
        print("CONTAINER  MEM USAGE  MEM LIMIT  CPU NS  PIDS")
        try forEach(containers) { reference in
            let stats = try store.stats(reference)
            func show(_ value: Int64?) -> String { value.map(String.init) ?? "-" }
            print(
                "\(reference)  \(show(stats.memoryUsage))  \(show(stats.memoryLimit))  \(show(stats.cpuNanoseconds))  \(show(stats.pids))"
            )
        }
    }
}
