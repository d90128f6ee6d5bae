#if canImport(Glibc)
    import Glibc
#endif

/// The signals a user sends to an attached `berth container run` (Ctrl-C, `kill`), queued for the
/// quick path's loop, which forwards each to the container as docker's `--sig-proxy` does (the
/// full CLI's `SignalProxy` does the same with a thread). A handler may only do async-signal-safe
/// work: it writes the signal's number to a pipe that the loop polls.
enum SignalRelay {
    /// The signals forwarded.
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2]

    /// The pipe's read end; -1 until `install`. Set once before any handler is installed and only
    /// read afterwards, so the unsynchronised access cannot race.
    nonisolated(unsafe) private(set) static var readEnd: Int32 = -1
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Makes the pipe and installs the handlers.
    static func install() {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
        }
        readEnd = descriptors[0]
        writeEnd = descriptors[1]
        // A parent may have left them blocked (a test runner's Process does): unblock them, or the
        // handlers never run.
        var forwarded = sigset_t()
        sigemptyset(&forwarded)
        for number in signals { sigaddset(&forwarded, number) }
        sigprocmask(SIG_UNBLOCK, &forwarded, nil)
        for number in signals {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(SignalRelay.writeEnd, &byte, 1)
            }
        }
    }

    /// The next queued signal's number, if any.
    static func next() -> Int32? {
        var byte: UInt8 = 0
        return read(readEnd, &byte, 1) == 1 ? Int32(byte) : nil
    }
}
