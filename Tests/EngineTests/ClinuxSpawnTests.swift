import CLinux
import Foundation
import Testing

/// `clinux_spawn` without new namespaces (unprivileged): exec errors and the child's signal state.
@Suite struct ClinuxSpawnTests {
    /// Spawns `argv` with stdout into a temporary file and returns what it printed.
    private func spawnCapturing(_ argv: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "clinux-spawn-\(UUID().uuidString)"
        let output = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(output >= 0)
        defer {
            close(output)
            unlink(path)
        }
        let pidfd = try spawn(argv, stdout: output)
        #expect(clinux_pidfd_wait(pidfd) == 0)
        close(pidfd)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    private func spawn(_ argv: [String], stdout: Int32) throws -> Int32 {
        let pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        var args = clinux_spawn_args()
        args.fds = (-1, stdout, -1, -1, -1)
        var pidfd: Int32 = -1
        let environment: [UnsafeMutablePointer<CChar>?] = [nil]
        let pid = pointers.withUnsafeBufferPointer { argvBuffer in
            environment.withUnsafeBufferPointer { envBuffer in
                argv[0].withCString { path in
                    args.path = path
                    args.argv = argvBuffer.baseAddress
                    args.envp = envBuffer.baseAddress
                    return clinux_spawn(&args, &pidfd)
                }
            }
        }
        let spawnErrno = errno
        try #require(pid > 0, "clinux_spawn failed: \(spawnErrno)")
        return pidfd
    }

    @Test func missingProgramReportsTheExecErrno() {
        var args = clinux_spawn_args()
        args.fds = (-1, -1, -1, -1, -1)
        var pidfd: Int32 = -1
        let nothing: [UnsafeMutablePointer<CChar>?] = [nil]
        let pid = nothing.withUnsafeBufferPointer { empty in
            "/no/such/program".withCString { path in
                args.path = path
                args.argv = empty.baseAddress
                args.envp = empty.baseAddress
                return clinux_spawn(&args, &pidfd)
            }
        }
        let spawnErrno = errno
        #expect(pid == -1)
        #expect(spawnErrno == ENOENT)
        #expect(pidfd == -1)
    }

    @Test func childExitStatusComesThroughThePidfd() throws {
        let pidfd = try spawn(["/bin/sh", "-c", "exit 7"], stdout: -1)
        #expect(clinux_pidfd_wait(pidfd) == 7)
        close(pidfd)
    }

    @Test func signalDeathIs128PlusTheSignal() throws {
        let pidfd = try spawn(["/bin/sleep", "30"], stdout: -1)
        #expect(clinux_pidfd_send_signal(pidfd, SIGKILL, 0) == 0)
        #expect(clinux_pidfd_wait(pidfd) == 128 + SIGKILL)
        close(pidfd)
    }

    /// Signals stay blocked across execve (container-init sets the final mask).
    @Test func childStartsWithSignalsBlocked() throws {
        let text = try spawnCapturing(["/bin/grep", "^SigBlk", "/proc/self/status"])
        let mask = UInt64(text.dropFirst("SigBlk:\t".count).trimmingCharacters(in: .whitespacesAndNewlines), radix: 16)
        for signal in [SIGINT, SIGTERM, SIGCHLD, SIGUSR1] {
            #expect((mask ?? 0) & (1 << UInt64(signal - 1)) != 0, "signal \(signal) blocked")
        }
    }

    /// An ignored disposition in the engine (SIGUSR2 here) must not reach the child.
    @Test func ignoredSignalsAreResetToDefault() throws {
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        let text = try spawnCapturing(["/bin/grep", "^SigIgn", "/proc/self/status"])
        #expect(text == "SigIgn:\t0000000000000000\n")
    }
}
