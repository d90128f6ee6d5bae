import ArgumentParser
import Engine
import Foundation

/// `berth container ...`: engine-level commands, docker-like; in-process until the daemon lands.
struct ContainerCommand: ParsableCommand {
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

/// `--root` / BERTH_ROOT: where the engine keeps its state.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The state folder (default: $BERTH_ROOT or /var/lib/berth; run files in ROOT/run or /run/berth).")
    var root: String?

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

struct ContainerStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start containers.")
    @OptionGroup var store: StoreOptions
    @Flag(name: [.short, .long], help: "Wait for the container and print its output.") var attach = false
    @Argument var containers: [String]

    func run() throws {
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
}

struct ContainerStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop containers.")
    @OptionGroup var store: StoreOptions
    @Option(name: [.short, .customLong("time")], help: "Seconds to wait before killing.") var time: Int?
    @Argument var containers: [String]

    func run() throws {
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            _ = try store.stop($0, timeout: time); print($0)
        }
    }
}

struct ContainerRestartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart containers.")
    @OptionGroup var store: StoreOptions
    @Option(name: [.short, .customLong("time")], help: "Seconds to wait before killing.") var time: Int?
    @Argument var containers: [String]

    func run() throws {
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            _ = try store.restart($0, timeout: time); print($0)
        }
    }
}

struct ContainerKillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Signal containers.")
    @OptionGroup var store: StoreOptions
    @Option(name: [.short, .long], help: "The signal (name or number).") var signal = "KILL"
    @Argument var containers: [String]

    func run() throws {
        let store = try reportingErrors { try self.store.store() }
        guard let number = signalNumber(signal) else { throw ValidationError("unknown signal \"\(signal)\"") }
        try forEach(containers) {
            try store.kill($0, signal: number); print($0)
        }
    }
}

struct ContainerRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove containers.")
    @OptionGroup var store: StoreOptions
    @Flag(name: [.short, .long], help: "Kill a running container first.") var force = false
    @Argument var containers: [String]

    func run() throws {
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            try store.delete($0, force: force); print($0)
        }
    }
}

struct ContainerPauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Freeze containers.")
    @OptionGroup var store: StoreOptions
    @Argument var containers: [String]

    func run() throws {
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            try store.pause($0); print($0)
        }
    }
}

struct ContainerUnpauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Thaw containers.")
    @OptionGroup var store: StoreOptions
    @Argument var containers: [String]

    func run() throws {
        let store = try reportingErrors { try self.store.store() }
        try forEach(containers) {
            try store.unpause($0); print($0)
        }
    }
}

struct ContainerWaitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Wait for containers and print their exit codes.")
    @OptionGroup var store: StoreOptions
    @Argument var containers: [String]

    func run() throws {
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
