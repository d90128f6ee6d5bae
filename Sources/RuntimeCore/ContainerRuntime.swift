import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// Runs containers: clones container-init into new namespaces, hands it the spec, waits for the exit.
package struct ContainerRuntime: Sendable {
    /// Absolute path of the container-init executable.
    package var initPath: String
    /// Where the cgroup filesystem is mounted (a folder of fake control files in tests).
    package var cgroupRoot = "/sys/fs/cgroup"

    /// How a container ended.
    package struct Exit: Sendable, Equatable {
        /// The exit code, or 128 + the signal that ended the process (137 after an OOM kill).
        package var status: Int32
        /// The kernel's OOM killer killed a process of the container.
        package var oomKilled: Bool
    }

    /// Uses `initPath`, or container-init next to the running executable (never found through PATH).
    package init(initPath: String? = nil) throws {
        if let initPath {
            self.initPath = initPath
            return
        }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else {
            throw EngineError(
                .systemCall, "cannot locate container-init",
                cause: SystemCallError(call: "readlink", errno: errno, path: "/proc/self/exe"))
        }
        let executable = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let directory = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
            separator: "/")
        self.initPath = directory + "/container-init"
    }

    /// Runs `spec` to completion and returns its exit status (128 + signal when a signal ended it).
    /// Every mount lives in the container's mount namespace, so the kernel tears it all down at exit.
    package func run(_ spec: ContainerSpec, stdio: (Int32, Int32, Int32) = (0, 1, 2)) throws -> Int32 {
        try runContainer(spec, stdio: stdio).status
    }

    /// Runs `spec` to completion in its own cgroup (when it names one), which is removed afterwards.
    package func runContainer(_ spec: ContainerSpec, stdio: (Int32, Int32, Int32) = (0, 1, 2)) throws -> Exit {
        guard spec.namespaces.contains(.mount) else {
            throw EngineError(.invalidSpec, "a container needs its own mount namespace")
        }
        let message = try InitMessage.encode(spec)
        try checkRoot(spec.root)
        guard let cgroupPath = spec.cgroupPath else {
            guard spec.resources.isEmpty else {
                throw EngineError(.invalidSpec, "resources need a cgroup path for the container")
            }
            return Exit(status: try run(message, spec: spec, stdio: stdio, cgroups: nil), oomKilled: false)
        }
        let cgroups = try Cgroups(root: cgroupRoot, path: cgroupPath)
        try cgroups.create(spec.resources)
        defer { cgroups.remove() }
        let status = try run(message, spec: spec, stdio: stdio, cgroups: cgroups)
        return Exit(status: status, oomKilled: cgroups.oomKilled())
    }

    /// Spawns container-init, has it join `cgroups` before it acts on its spec (so before exec), sends
    /// the spec and waits.
    private func run(_ message: [UInt8], spec: ContainerSpec, stdio: (Int32, Int32, Int32), cgroups: Cgroups?)
        throws -> Int32
    {
        guard access(initPath, X_OK) == 0 else {
            throw EngineError(.notFound, "container-init not found at \(initPath)")
        }
        let message = message + (try InitMessage.cgroupJoins(cgroups?.selfJoinFiles ?? []))
        var pair: [Int32] = [-1, -1]
        try systemCall("socketpair") {
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair)
        }
        defer { close(pair[0]) }
        let pid: Int32
        let pidfd: Int32
        do {
            (pid, pidfd) = try spawn(spec, channel: pair[1], stdio: stdio)
        } catch {
            close(pair[1])
            throw error
        }
        close(pair[1])
        defer { close(pidfd) }
        do {
            try cgroups?.join(pid)
        } catch {
            // container-init is still waiting for its spec: nothing of the container has run.
            clinux_pidfd_send_signal(pidfd, SIGKILL, 0)
            clinux_pidfd_wait(pidfd)
            throw error
        }
        let failure = exchange(message, over: pair[0])
        let status = clinux_pidfd_wait(pidfd)
        let waitErrno = errno
        if !failure.isEmpty {
            throw EngineError(.initFailed, "container-init: \(failure)")
        }
        guard status >= 0 else {
            throw EngineError(
                .systemCall, "cannot wait for container", cause: SystemCallError(call: "waitid", errno: waitErrno))
        }
        return status
    }

    /// Fails early, with the path, when a root folder is missing (container-init would only say ENOENT).
    private func checkRoot(_ root: ContainerSpec.Root) throws {
        let folders: [String]
        switch root {
        case .directory(let path): folders = [path]
        case .overlay(let lower, let upper, let work, let target): folders = lower + [upper, work, target]
        }
        for folder in folders {
            var info = stat()
            guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw EngineError(.notFound, "rootfs folder \(folder) does not exist")
            }
        }
    }

    /// Sends the spec, then reads container-init's answer: empty when it reached exec, else its error.
    package func exchange(_ message: [UInt8], over socket: Int32) -> String {
        send(message, over: socket)
        return answer(over: socket)
    }

    /// Sends the whole spec and ends our side's writing.
    package func send(_ message: [UInt8], over socket: Int32) {
        var offset = 0
        while offset < message.count {
            let sent = message[offset...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            if sent <= 0 { break }
            offset += sent
        }
        shutdown(socket, Int32(SHUT_WR))
    }

    /// container-init's answer: empty once it reached exec, else its failure.
    package func answer(over socket: Int32) -> String {
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            answer += chunk[..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    private func spawn(_ spec: ContainerSpec, channel: Int32, stdio: (Int32, Int32, Int32)) throws -> (Int32, Int32) {
        try withCStrings(["container-init"]) { argv in
            try withCStrings([]) { envp in
                var args = clinux_spawn_args()
                args.argv = argv
                args.envp = envp
                args.fds = (stdio.0, stdio.1, stdio.2, channel, -1)
                // container-init makes the cgroup namespace itself, once the engine has moved it into the
                // container's cgroup, so that cgroup becomes the namespace's root.
                args.flags = spec.cloneFlags & ~ContainerSpec.Namespace.cgroup.cloneFlag
                var pidfd: Int32 = -1
                let pid = initPath.withCString { path in
                    args.path = path
                    return clinux_spawn(&args, &pidfd)
                }
                let spawnErrno = errno
                guard pid > 0 else {
                    throw EngineError(
                        .systemCall, "cannot start container-init",
                        cause: SystemCallError(call: "clone3", errno: spawnErrno, path: initPath))
                }
                return (pid, pidfd)
            }
        }
    }
}

/// Calls `body` with a NULL-terminated C array of copies of `strings`, freed afterwards.
package func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws -> R)
    throws -> R
{
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return try pointers.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { throw EngineError(.systemCall, "empty argument array") }
        return try body(base)
    }
}
