import APIClient
import ArgumentParser
import EngineAPI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `berth exec SERVICE COMMAND...`: runs a command in a running service container; its exit code is
/// berth's.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Execute a command in a running container.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("detach")], help: "Run the command in the background.") var detach = false
    @Option(name: [.short, .customLong("env")], help: "Set an environment variable (KEY=VALUE or KEY).")
    var env: [String] = []
    @Option(name: .customLong("index"), help: "Index of the container if the service has several replicas.")
    var index = 0
    @Flag(name: .customLong("privileged"), help: "Give extended privileges to the process.") var privileged = false
    @Option(name: [.short, .customLong("user")], help: "Run the command as this user.") var user: String?
    @Flag(
        name: [.customShort("T"), .customLong("no-tty"), .customLong("no-TTY")],
        help: "Disable pseudo-TTY allocation (default: a TTY when standard output is a terminal).")
    var noTTY = false
    @Option(name: [.short, .customLong("workdir")], help: "Working directory of the command.") var workdir: String?
    @Flag(name: [.short, .customLong("interactive")], help: .hidden) var interactive = false
    @Flag(name: [.short, .customLong("tty")], help: .hidden) var tty = false
    @Argument(help: "The service.") var service: String
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.") var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("exec needs SERVICE and COMMAND") }
    }

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        let target = try await containers.running(service: service, index: index)
        let client = containers.client
        let terminal = try await Self.allocatesTTY(noTTY: noTTY, client: client)
        var request = ExecCreateRequest(cmd: command)
        request.attachStdin = !detach
        request.attachStdout = !detach
        request.attachStderr = !detach
        request.tty = terminal
        request.env = env.isEmpty ? nil : Self.resolve(env, from: ProcessInfo.processInfo.environment)
        request.user = user
        request.workingDir = workdir
        request.privileged = privileged ? true : nil
        request.consoleSize = terminal ? TerminalMode.size() : nil
        let exec = try await client.createExec(target.id, request)
        if detach {
            for try await _ in client.startExec(exec.id, ExecStartRequest(detach: true), input: nil) {}
            return
        }
        let code = try await Self.attach(exec.id, tty: terminal, client: client)
        if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
    }

    /// Docker Compose allocates a TTY unless -T or standard output is no terminal. berth's daemon runs an
    /// exec's TTY on pipes (no pseudo-terminal yet), so against it exec behaves as with -T.
    static func allocatesTTY(noTTY: Bool, client: SocketEngineClient) async throws -> Bool {
        guard !noTTY, isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else { return false }
        return try await client.platformName() != "berth"
    }

    /// `KEY=VALUE` stays; a bare `KEY` takes its value from `environment` and stays bare when unset (the
    /// engine then leaves it out), as Docker Compose resolves `-e`.
    static func resolve(_ entries: [String], from environment: [String: String]) -> [String] {
        entries.map { entry in
            guard !entry.contains("="), let value = environment[entry] else { return entry }
            return "\(entry)=\(value)"
        }
    }

    /// Starts the exec with our standard input copied to it, copies its output to ours, and returns its
    /// exit code.
    static func attach(_ id: String, tty: Bool, client: SocketEngineClient) async throws -> Int {
        let raw = tty ? TerminalMode.makeRaw() : nil
        defer { raw?.restore() }
        let output = client.startExec(
            id, ExecStartRequest(tty: tty, consoleSize: tty ? TerminalMode.size() : nil), input: StandardInput.stream())
        for try await chunk in output {
            let handle = chunk.stream == .stderr ? FileHandle.standardError : FileHandle.standardOutput
            handle.write(Data(chunk.bytes))
        }
        // The output ends when the process does; the exit code may land a moment later.
        for _ in 0..<100 {
            let state = try await client.inspectExec(id)
            if state.running != true, let code = state.exitCode { return code }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ValidationError("exec \(id): the engine reported no exit code")
    }
}

/// Our standard input as a stream of byte chunks, read on a thread of its own (the read blocks).
enum StandardInput {
    static func stream() -> AsyncStream<[UInt8]> {
        AsyncStream { continuation in
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { break }
                    continuation.yield(Array(buffer[..<count]))
                }
                continuation.finish()
            }
        }
    }
}

/// The local terminal switched to raw mode while a remote TTY is attached, and restored after.
struct TerminalMode {
    private let saved: termios

    /// Raw mode on standard input; nil when it is no terminal.
    static func makeRaw() -> TerminalMode? {
        var current = termios()
        guard tcgetattr(STDIN_FILENO, &current) == 0 else { return nil }
        var raw = current
        cfmakeraw(&raw)
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        return TerminalMode(saved: current)
    }

    func restore() {
        var saved = saved
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }

    /// `[height, width]` of the terminal on standard output; nil when it has none.
    static func size() -> [Int]? {
        var size = winsize()
        let result = withUnsafeMutablePointer(to: &size) { ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0) }
        guard result == 0, size.ws_row > 0 else { return nil }
        return [Int(size.ws_row), Int(size.ws_col)]
    }
}
