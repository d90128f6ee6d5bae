import APIClient
import ArgumentParser
import Daemon
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `-H/--host` and `--no-autostart`, shared by every command that talks to an engine.
struct EngineOptions: ParsableArguments {
    @Option(
        name: [.customShort("H"), .long],
        help: "Engine address (unix:///path or tcp://host:port); default BERTH_HOST, DOCKER_HOST.")
    var host: String?

    @Flag(name: .customLong("no-autostart"), help: "Fail instead of starting a daemon when none answers.")
    var noAutostart = false

    @Flag(name: .long, help: "Use TLS on tcp:// (implied by --tlsverify).") var tls = false
    @Flag(name: .long, help: "Use TLS and check the engine's certificate (or DOCKER_TLS_VERIFY).") var tlsverify = false
    @Option(name: .long, help: "CA the engine's certificate must chain to (default DOCKER_CERT_PATH/ca.pem).")
    var tlscacert: String?
    @Option(name: .long, help: "Client certificate (default DOCKER_CERT_PATH/cert.pem).") var tlscert: String?
    @Option(name: .long, help: "Client key (default DOCKER_CERT_PATH/key.pem).") var tlskey: String?

    /// A client of the chosen engine. On berth's default socket with nothing listening, starts
    /// `berth daemon` in the background (once, saying so on stderr) and waits for it.
    func client() throws -> SocketEngineClient {
        var flags = TLSFlags()
        flags.tls = tls
        flags.verify = tlsverify
        flags.caCertificate = tlscacert
        flags.certificate = tlscert
        flags.key = tlskey
        let endpoint = try EngineEndpoint.resolve(
            host: host, tls: flags, environment: ProcessInfo.processInfo.environment)
        if endpoint.tcp != nil { return SocketEngineClient(endpoint: endpoint) }
        if !UnixSocketProbe.answers(path: endpoint.socketPath) {
            guard endpoint.isDefault, !noAutostart else {
                throw ValidationError(
                    "cannot connect to the engine at unix://\(endpoint.socketPath): is the daemon running?")
            }
            try DaemonLauncher.start(socketPath: endpoint.socketPath)
        }
        return SocketEngineClient(endpoint: endpoint)
    }
}

/// Starts `berth daemon` detached from the terminal (its own session, output to a log file).
enum DaemonLauncher {
    static let logPath = "/var/log/berth-daemon.log"

    static func start(socketPath: String) throws {
        guard geteuid() == 0 else {
            throw ValidationError("no berth daemon answers on unix://\(socketPath), and starting one needs root")
        }
        let executable = try currentExecutable()
        FileHandle.standardError.write(
            Data("berth: starting the berth daemon (unix://\(socketPath), log \(logPath))\n".utf8))
        let pid = try spawnDetached([executable, "daemon"], log: logPath)
        // The daemon binds in milliseconds; allow for a slow first start of a cold machine.
        for _ in 0..<200 {
            if UnixSocketProbe.answers(path: socketPath) { return }
            if kill(pid, 0) != 0 { break }
            usleep(25_000)
        }
        throw ValidationError("the berth daemon did not start; see \(logPath)")
    }

    private static func currentExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw ValidationError("cannot locate the berth executable") }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// posix_spawn with a new session and stdio on `/dev/null` and `log`, so the daemon outlives
    /// the terminal and this process.
    private static func spawnDetached(_ arguments: [String], log: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // glibc's POSIX_SPAWN_SETSID (0x80) is hidden behind _GNU_SOURCE, so Swift does not see it.
        let setSessionID: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setSessionID | POSIX_SPAWN_SETSIGMASK))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw ValidationError("cannot start the berth daemon: \(String(cString: strerror(result)))")
        }
        return pid
    }
}
