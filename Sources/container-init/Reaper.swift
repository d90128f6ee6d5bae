import CLinux
import Glibc

/// `init: true`: container-init stays as pid 1. It spawns the process (posix_spawn: no Swift runs in
/// the child), forwards the signals it receives to it, reaps every zombie the container's orphans
/// leave, and exits with the process's status (128 + signal when a signal ended it).
///
/// Every signal is still blocked here (clinux_spawn kept them blocked across exec): they queue,
/// even for a pid 1 without handlers, and are taken with sigwaitinfo, so no handler ever runs.
struct Reaper {
    var args: [String]
    var env: [String]

    func run() -> Never {
        let child = spawnProcess()
        // The engine reads fd 3 to EOF: setup succeeded and the process runs.
        close(3)
        // A tty container's process gets the foreground, so ^C reaches it and not us.
        if isatty(0) != 0 { _ = tcsetpgrp(0, child) }
        var waited = sigset_t()
        sigfillset(&waited)
        while true {
            var info = siginfo_t()
            let signal = sigwaitinfo(&waited, &info)
            if signal < 0 { continue }
            if signal == SIGCHLD {
                if let status = reapAll(child) { exit(status) }
            } else {
                _ = kill(child, signal)
            }
        }
    }

    /// Reaps every child that ended; returns the exit status once `child` is among them.
    private func reapAll(_ child: pid_t) -> Int32? {
        var result: Int32?
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid < 0 && errno == EINTR { continue }
            if pid <= 0 { return result }
            if pid == child {
                result = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
        }
    }

    /// posix_spawn with PATH looked up inside the container, in a new process group, with an empty
    /// signal mask and default dispositions; exits 127 (not found) or 126 like `execute`.
    private func spawnProcess() -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        // glibc's sigfillset leaves out its internal signals 32 and 33, and posix_spawn then makes
        // them SIG_IGN in the child: set their bits by hand so the process gets them at SIG_DFL.
        all.__val.0 = UInt.max
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        var denied = false
        var other: Int32 = 0
        for candidate in searchPath(args[0], env: env) {
            // Each posix_spawn attempt is a clone: skip the PATH folders that lack the program.
            if access(candidate, F_OK) != 0 && (errno == ENOENT || errno == ENOTDIR) { continue }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, candidate, nil, &attributes, argv, envp)
            switch rc {
            case 0: return pid
            case ENOENT, ENOTDIR: continue
            case EACCES: denied = true
            default: other = rc
            }
        }
        if other != 0 {
            writeError("berth: exec \(args[0]): \(errorText(other))")
            exit(126)
        }
        writeError("berth: exec \(args[0]): \(denied ? "permission denied" : "not found")")
        exit(denied ? 126 : 127)
    }
}
