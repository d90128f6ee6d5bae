#if canImport(Glibc)
    import Glibc
#endif

/// Signal names as Docker accepts them: `SIGTERM`, `TERM`, `15`, `SIGRTMIN+3`.
enum SignalNames {
    private static let table: [String: Int32] = [
        "HUP": SIGHUP, "INT": SIGINT, "QUIT": SIGQUIT, "ILL": SIGILL, "TRAP": SIGTRAP, "ABRT": SIGABRT,
        "BUS": SIGBUS, "FPE": SIGFPE, "KILL": SIGKILL, "USR1": SIGUSR1, "SEGV": SIGSEGV, "USR2": SIGUSR2,
        "PIPE": SIGPIPE, "ALRM": SIGALRM, "TERM": SIGTERM, "STKFLT": SIGSTKFLT, "CHLD": SIGCHLD, "CONT": SIGCONT,
        "STOP": SIGSTOP, "TSTP": SIGTSTP, "TTIN": SIGTTIN, "TTOU": SIGTTOU, "URG": SIGURG, "XCPU": SIGXCPU,
        "XFSZ": SIGXFSZ, "VTALRM": SIGVTALRM, "PROF": SIGPROF, "WINCH": SIGWINCH, "IO": SIGIO, "PWR": SIGPWR,
        "SYS": SIGSYS,
    ]

    /// The signal number of `text`, or nil when it names none.
    static func number(_ text: String) -> Int32? {
        if let value = Int32(text) { return (1...64).contains(value) ? value : nil }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let value = table[name] { return value }
        if name.hasPrefix("RTMIN+"), let offset = Int32(name.dropFirst(6)), (0...30).contains(offset) {
            return 34 + offset
        }
        return nil
    }

    /// The signal of field `field`, or a 400 naming it.
    static func parse(_ text: String, field: String) throws -> Int32 {
        guard let value = number(text) else { throw APIError.badRequest("\(field): invalid signal: \(text)") }
        return value
    }
}
