import CNetwork

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a host tool (iptables) synchronously on the calling thread with posix_spawn: stdin from
/// `input`, stdout discarded, stderr collected. Only for firewall rules, where the kernel interface (nftables
/// netlink) is not worth re-implementing; one run per operation, never per rule.
enum ToolRunner {
    /// The tool's exit status and standard error.
    struct Result {
        var status: Int32
        var errorOutput: String
    }

    /// Runs `arguments[0]` (an absolute path) with `input` on its stdin.
    static func run(_ arguments: [String], input: String = "") throws(NetworkError) -> Result {
        var inPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard cnetwork_pipe2(&inPipe, O_CLOEXEC) == 0 else { throw failure(arguments, errno) }
        guard cnetwork_pipe2(&errPipe, O_CLOEXEC) == 0 else {
            close(inPipe[0])
            close(inPipe[1])
            throw failure(arguments, errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = [strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nil]
        defer { env.forEach { free($0) } }
        // The child starts with every signal unblocked and at its default action (posix_spawn
        // would pass on the daemon's blocked mask and ignored signals).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, env)
        close(inPipe[0])
        close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1])
            close(errPipe[0])
            throw failure(arguments, rc)
        }
        let bytes = Array(input.utf8)
        _ = bytes.withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
        close(inPipe[1])
        let errorOutput = readAll(errPipe[0])
        close(errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: code, errorOutput: errorOutput)
    }

    private static func readAll(_ fd: Int32) -> String {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            data += chunk[0..<count]
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func failure(_ arguments: [String], _ code: Int32) -> NetworkError {
        NetworkError(
            .systemCall, "cannot run \(arguments[0])", cause: SystemCallError(call: "posix_spawn", errno: code))
    }
}
