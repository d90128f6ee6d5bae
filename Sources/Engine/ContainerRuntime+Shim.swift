import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// What a detached container's shim writes, and where (see Sources/berth-shim/README.md).
package struct ShimFiles: Sendable, Equatable {
    /// The folder the shim writes exit.json into.
    package var stateDirectory: String
    /// The UNIX socket the shim serves for attach and resize.
    package var socket: String
    /// The json-file log.
    package var log: String
    /// Rotate the log above this many bytes; 0 never rotates.
    package var maxSize: Int64 = 0
    /// Log files kept, the live one included.
    package var maxFiles = 1
    /// A pty instead of pipes.
    package var tty = false
    /// Keep a pipe to the container's stdin open for attach.
    package var openStdin = false

    /// Names the files; everything else takes its default.
    package init(stateDirectory: String, socket: String, log: String) {
        self.stateDirectory = stateDirectory
        self.socket = socket
        self.log = log
    }
}

/// How one berth-shim is started: its arguments, the console socket it gets as fd 5 (an exec with a
/// terminal), and its environment.
struct ShimLaunch {
    var args: [String]
    var console: Int32?
    var environment: [String] = []
}

extension ContainerRuntime {
    /// berth-shim, next to container-init.
    package var shimPath: String {
        initPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            + "/berth-shim"
    }

    /// Starts `spec` under a detached shim, which outlives the caller. `cgroups`, when given, is
    /// made here with the spec's limits, while the shim starts; container-init joins it before it
    /// acts on its spec. Returns the shim's pid and the container's (host) pid once container-init
    /// reached exec.
    package func startDetached(_ spec: ContainerSpec, files: ShimFiles, cgroups: Cgroups?) throws -> (
        shim: Int32, pid: Int32
    ) {
        let message = try InitMessage.encode(spec)
        var args = [
            "berth-shim", "-d", files.stateDirectory, "-s", files.socket, "-l", files.log, "-S",
            String(files.maxSize), "-N", String(files.maxFiles), "-i", initPath, "-f", String(spawnFlags(spec)),
        ]
        if let oom = cgroups?.oomFile { args += ["-o", oom] }
        if files.tty { args.append("-t") }
        if files.openStdin { args.append("-I") }
        if spec.ephemeral == true { args.append("-e") }
        for namespace in spec.joinNamespaces.keys.sorted() {
            args += ["-j", spec.joinNamespaces[namespace] ?? ""]
        }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        let launched = ShimLaunch(args: args)
        let made: () throws -> Void = { try cgroups?.create(spec.resources) }
        return try launch(launched, stdio: (null, null, null), message: message, cgroups: cgroups, prepare: made) {
            spawned in
            var status: Int32 = 0
            while waitpid(spawned, &status, 0) < 0 && errno == EINTR {}
        }
    }

    /// Runs `spec`'s process inside the running container `pid` (every namespace and `cgroups`
    /// joined, the same confinement), with the caller's `stdio`; returns its exit status.
    package func exec(_ spec: ContainerSpec, in pid: Int32, cgroups: Cgroups?, stdio: (Int32, Int32, Int32))
        throws -> Int32
    {
        let shim = ShimLaunch(args: ["berth-shim", "-x", "-p", String(pid), "-i", initPath])
        return try runExec(spec, in: pid, cgroups: cgroups, shim: shim, fds: [stdio.0, stdio.1, stdio.2]) {}
    }

    /// Runs `spec`'s process inside the running container `pid` with a terminal made there, from the
    /// container's own devpts (container-init opens its /dev/ptmx and sends the master back over a
    /// console socket). `terminal` gets the master once the process runs, on the calling thread,
    /// before the wait: the caller copies its I/O (reads end with EIO once every slave is closed),
    /// resizes it, and closes it. `size` (rows, columns) is set before the process starts. Returns the
    /// exit status.
    package func exec(
        _ spec: ContainerSpec, in pid: Int32, cgroups: Cgroups?, size: (rows: UInt16, columns: UInt16)? = nil,
        terminal: (Int32) -> Void
    ) throws -> Int32 {
        var console: [Int32] = [-1, -1]
        try systemCall("socketpair") {
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &console)
        }
        defer {
            close(console[0])
            close(console[1])
        }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        let args = ["berth-shim", "-x", "-t", "-p", String(pid), "-i", initPath]
        let fds = [null, null, null]
        let environment = size.map { ["BERTH_CONSOLE_SIZE=\($0.rows) \($0.columns)"] } ?? []
        let shim = ShimLaunch(args: args, console: console[1], environment: environment)
        return try runExec(spec, in: pid, cgroups: cgroups, shim: shim, fds: fds) {
            // container-init sent the master before it exec'd, which is what ended the spec exchange.
            let master = clinux_recv_fd(console[0], Int32(MSG_DONTWAIT))
            if master >= 0 { terminal(master) }
        }
    }

    /// Launches the exec shim, calls `started` once the process runs, and waits for it.
    private func runExec(
        _ spec: ContainerSpec, in pid: Int32, cgroups: Cgroups?, shim: ShimLaunch, fds: [Int32],
        started: () -> Void
    ) throws -> Int32 {
        let message = try InitMessage.encode(spec, execInto: pid)
        var result: Int32 = 0
        var waitErrno: Int32 = 0
        _ = try launch(shim, stdio: (fds[0], fds[1], fds[2]), message: message, cgroups: cgroups) { spawned in
            started()
            var status: Int32 = 0
            var reaped: pid_t
            repeat { reaped = waitpid(spawned, &status, 0) } while reaped < 0 && errno == EINTR
            // A failed wait must not pass for exit status 0.
            if reaped < 0 { waitErrno = errno }
            result = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }
        guard waitErrno == 0 else {
            throw EngineError(
                .systemCall, "cannot wait for the exec in container pid \(pid)",
                cause: SystemCallError(call: "waitpid", errno: waitErrno))
        }
        return result
    }

    /// container-init makes the cgroup namespace itself once it is in the container's cgroup; joined
    /// namespaces are not made anew.
    private func spawnFlags(_ spec: ContainerSpec) -> UInt64 {
        var flags = spec.cloneFlags & ~ContainerSpec.Namespace.cgroup.cloneFlag
        for namespace in spec.joinNamespaces.keys { flags &= ~namespace.cloneFlag }
        return flags
    }

    /// Spawns the shim with fd 3 = container-init's channel, fd 4 = the report pipe and fd 5 = the
    /// console socket (when there is one); runs `prepare` (making the cgroups) while the shim starts,
    /// which takes about 3 ms (its exec, the clone into new namespaces); sends the spec; reads the
    /// report; then calls `finish` (which reaps the spawned shim). With cgroup v1 (container-init
    /// joins itself) the spec goes out before the report, so container-init finds it when it reads;
    /// a v2 cgroup gets container-init's pid from outside first.
    private func launch(
        _ shim: ShimLaunch, stdio: (Int32, Int32, Int32), message: [UInt8], cgroups: Cgroups?,
        prepare: () throws -> Void = {}, finish: (Int32) -> Void
    ) throws -> (shim: Int32, pid: Int32) {
        guard access(shimPath, X_OK) == 0, access(initPath, X_OK) == 0 else {
            throw EngineError(.notFound, "berth-shim or container-init not found next to \(initPath)")
        }
        let message = message + (try InitMessage.cgroupJoins(cgroups?.selfJoinFiles ?? []))
        var channel: [Int32] = [-1, -1]
        var report: [Int32] = [-1, -1]
        try systemCall("socketpair") {
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &channel)
        }
        defer { close(channel[0]) }
        do {
            try systemCall("socketpair") {
                socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &report)
            }
        } catch {
            close(channel[1])
            throw error
        }
        defer { close(report[0]) }
        let fds = [stdio.0, stdio.1, stdio.2, channel[1], report[1]] + (shim.console.map { [$0] } ?? [])
        let spawned = try spawnShim(shim.args, fds: fds, environment: shim.environment)
        close(channel[1])
        close(report[1])
        let prepared = Result { try prepare() }
        let early = cgroups?.joinsFromOutside != true
        // The spec fits the socket's buffer: the send does not wait for container-init.
        if early, case .success = prepared { send(message, over: channel[0]) }
        let pids: (shim: Int32, pid: Int32)
        do {
            pids = try parseReport(readAll(report[0]))
        } catch {
            finish(spawned)
            throw error
        }
        do {
            try prepared.get()
            if !early {
                try cgroups?.join(pids.pid)
                send(message, over: channel[0])
            }
        } catch {
            // No spec comes: container-init ends; the shim records that and ends too.
            kill(pids.pid, SIGKILL)
            finish(spawned)
            awaitExit(of: pids.shim)
            throw error
        }
        let failure = answer(over: channel[0])
        finish(spawned)
        if !failure.isEmpty {
            // container-init exits 125 now; the shim records that and ends: let it, so nothing stays.
            awaitExit(of: pids.shim)
            throw EngineError(.initFailed, "container-init: \(failure)")
        }
        return pids
    }

    private func parseReport(_ answer: String) throws -> (shim: Int32, pid: Int32) {
        let words = answer.split(whereSeparator: \.isWhitespace)
        if words.count == 3, words[0] == "ok", let shim = Int32(words[1]), let pid = Int32(words[2]) {
            return (shim, pid)
        }
        if words.count >= 3, words[0] == "error", let code = Int32(words[1]) {
            throw EngineError(
                .systemCall, "berth-shim could not start the container",
                cause: SystemCallError(call: String(words[2]), errno: code))
        }
        throw EngineError(.systemCall, "berth-shim ended without a report (\"\(answer)\")")
    }

    private func spawnShim(_ args: [String], fds: [Int32], environment: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Each source first goes above every source (a daemon's descriptors are high numbers), so
        // neither the parking step nor the dup2 onto 0...4 can clobber a source not yet copied.
        let base = max(10, (fds.max() ?? 0) + 1)
        for (index, fd) in fds.enumerated() { posix_spawn_file_actions_adddup2(&actions, fd, base + Int32(index)) }
        for index in fds.indices { posix_spawn_file_actions_adddup2(&actions, base + Int32(index), Int32(index)) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = try withCStrings(args) { argv in
            try withCStrings(environment) { envp in
                posix_spawn(&pid, shimPath, &actions, &attributes, argv, envp)
            }
        }
        guard rc == 0 else {
            throw EngineError(
                .systemCall, "cannot start berth-shim",
                cause: SystemCallError(call: "posix_spawn", errno: rc, path: shimPath))
        }
        return pid
    }
}

/// Blocks until process `pid` (not necessarily a child) has ended.
func awaitExit(of pid: Int32) {
    let pidfd = clinux_pidfd_open(pid, 0)
    guard pidfd >= 0 else { return }
    defer { close(pidfd) }
    var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
    while poll(&entry, 1, -1) < 0 && errno == EINTR {}
}

/// Reads `fd` to EOF as UTF-8.
func readAll(_ fd: Int32) -> String {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        bytes += chunk[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
