import APIClient
import ArgumentParser
import Engine
import EngineAPI
import Foundation

/// `berth container ...`: docker-like commands, clients of the engine's API (`-H`, BERTH_HOST,
/// DOCKER_HOST; berth's daemon starts when none answers). With `--root` (or `--rootfs` for run and
/// create) they run on the in-process engine instead, on root filesystem folders.
struct ContainerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container",
        abstract: "Manage containers on berth's engine.",
        subcommands: [
            ContainerRunCommand.self, ContainerCreateCommand.self, ContainerStartCommand.self,
            ContainerStopCommand.self, ContainerRestartCommand.self, ContainerKillCommand.self,
            ContainerRemoveCommand.self, ContainerListCommand.self, ContainerLogsCommand.self,
            ContainerExecCommand.self, ContainerInspectCommand.self, ContainerWaitCommand.self,
            ContainerTopCommand.self, ContainerStatsCommand.self, ContainerPauseCommand.self,
            ContainerUnpauseCommand.self,
        ]
    )
}

/// `--root`: the in-process engine and where it keeps its state (without it, commands use the daemon).
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Use the in-process engine with this state folder (run files in ROOT/run) instead of the daemon.")
    var root: String?

    /// Whether the command runs on the in-process engine rather than through the API.
    var isLocal: Bool { root != nil }

    /// Opens the container store (the daemon's API will replace this seam).
    func store() throws -> ContainerStore {
        let root = self.root ?? ProcessInfo.processInfo.environment["BERTH_ROOT"]
        let runtime = try ContainerRuntime()
        guard let root else { return try ContainerStore(runtime: runtime) }
        return try ContainerStore(root: root, runRoot: root + "/run", runtime: runtime)
    }
}

/// Runs `body`, turning engine errors into `berth: message` and exit 125 (docker's).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as EngineError {
        FileHandle.standardError.write(Data("berth: \(error)\n".utf8))
        throw ExitCode(125)
    }
}

/// Each named container, reporting failures one by one (docker's style); exit 1 if any failed.
func forEach(_ references: [String], _ body: (String) throws -> Void) throws {
    var failed = false
    for reference in references {
        do {
            try body(reference)
        } catch let error as EngineError {
            FileHandle.standardError.write(Data("berth: \(error)\n".utf8))
            failed = true
        }
    }
    if failed { throw ExitCode(1) }
}

/// Each named container through the API, reporting failures one by one (docker's style); exit 1 if
/// any failed.
func forEachContainer(_ references: [String], _ body: (String) async throws -> Void) async throws {
    var failed = false
    for reference in references {
        do {
            try await body(reference)
        } catch let error as EngineClientError {
            FileHandle.standardError.write(Data("berth: \(error.message)\n".utf8))
            failed = true
        }
    }
    if failed { throw ExitCode(1) }
}

struct ContainerStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start containers.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .long], help: "Wait for the container and print its output.") var attach = false
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else { return try await runThroughEngine() }
        let store = try reportingErrors { try self.store.store() }
        if attach, let only = containers.first {
            let record = try reportingErrors { try store.start(only) }
            try ContainerRunCommand.follow(store, record.id)
            throw ExitCode(try reportingErrors { try store.wait(record.id) }.state.exitCode)
        }
        try forEach(containers) {
            _ = try store.start($0); print($0)
        }
    }

    /// With `-a`, the output from the start on (the logs since then, followed) and its exit code.
    private func runThroughEngine() async throws {
        let client = try await reportingEngineErrors { try engine.client() }
        guard attach, let only = containers.first else {
            return try await forEachContainer(containers) {
                try await client.startContainer($0); print($0)
            }
        }
        let since = String(format: "%.9f", Date().timeIntervalSince1970)
        let status = try await reportingEngineErrors {
            try await client.startContainer(only)
            for try await line in client.containerLogs(only, options: EngineAPI.LogOptions(follow: true, since: since))
            {
                let handle = line.stream == .stderr ? FileHandle.standardError : FileHandle.standardOutput
                handle.write(Data((line.line + "\n").utf8))
            }
            return try await client.waitContainer(only, condition: .notRunning).statusCode
        }
        throw ExitCode(Int32(truncatingIfNeeded: status))
    }
}

struct ContainerStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop containers.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: [.short, .customLong("time")], help: "Seconds to wait before killing.") var time: Int?
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else {
            let client = try await reportingEngineErrors { try engine.client() }
            return try await forEachContainer(containers) {
                try await client.stopContainer($0, signal: nil, timeout: time); print($0)
            }
        }
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            _ = try store.stop($0, timeout: time); print($0)
        }
    }
}

struct ContainerRestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart containers.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: [.short, .customLong("time")], help: "Seconds to wait before killing.") var time: Int?
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else {
            let client = try await reportingEngineErrors { try engine.client() }
            return try await forEachContainer(containers) {
                try await client.restartContainer($0, signal: nil, timeout: time); print($0)
            }
        }
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            _ = try store.restart($0, timeout: time); print($0)
        }
    }
}

struct ContainerKillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Signal containers.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: [.short, .long], help: "The signal (name or number).") var signal = "KILL"
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else {
            let client = try await reportingEngineErrors { try engine.client() }
            return try await forEachContainer(containers) {
                try await client.killContainer($0, signal: signal); print($0)
            }
        }
        guard let number = signalNumber(signal) else { throw ValidationError("unknown signal \"\(signal)\"") }
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            try store.kill($0, signal: number); print($0)
        }
    }
}

struct ContainerRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove containers.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .long], help: "Kill a running container first.") var force = false
    @Flag(name: [.short, .long], help: "Remove its anonymous volumes too (daemon only).") var volumes = false
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else {
            let client = try await reportingEngineErrors { try engine.client() }
            return try await forEachContainer(containers) {
                try await client.removeContainer($0, force: force, removeVolumes: volumes); print($0)
            }
        }
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            try store.delete($0, force: force); print($0)
        }
    }
}

struct ContainerPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Freeze containers.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else {
            let client = try await reportingEngineErrors { try engine.client() }
            return try await forEachContainer(containers) {
                try await client.pauseContainer($0); print($0)
            }
        }
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            try store.pause($0); print($0)
        }
    }
}

struct ContainerUnpauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Thaw containers.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else {
            let client = try await reportingEngineErrors { try engine.client() }
            return try await forEachContainer(containers) {
                try await client.unpauseContainer($0); print($0)
            }
        }
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            try store.unpause($0); print($0)
        }
    }
}

struct ContainerWaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Wait for containers and print their exit codes.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Argument var containers: [String]

    func run() async throws {
        guard store.isLocal else {
            let client = try await reportingEngineErrors { try engine.client() }
            return try await forEachContainer(containers) {
                print(try await client.waitContainer($0, condition: .notRunning).statusCode)
            }
        }
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) { print(try store.wait($0).state.exitCode) }
    }
}

/// Signal names (`TERM`, `SIGTERM`) or numbers.
func signalNumber(_ text: String) -> Int32? {
    if let number = Int32(text), number > 0, number < 65 { return number }
    let names: [String: Int32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9, "USR1": 10,
        "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20,
        "TTIN": 21, "TTOU": 22, "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28, "IO": 29,
        "PWR": 30, "SYS": 31,
    ]
    let upper = text.uppercased()
    return names[upper.hasPrefix("SIG") ? String(upper.dropFirst(3)) : upper]
}
