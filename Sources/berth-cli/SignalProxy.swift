import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Forwards the signals a user sends to `berth container run` (Ctrl-C, `kill`) to the container
/// in the foreground, as docker's `--sig-proxy` does: the CLI stays until the container exits and
/// then reports its code, and `--rm` still removes it.
enum SignalProxy {
    /// The write end of the self-pipe. Set once before any handler is installed and only read
    /// afterwards (by the handler), so the unsynchronised access cannot race.
    nonisolated(unsafe) private static var pipeWrite: Int32 = -1

    /// The signals forwarded.
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2]

    /// Installs handlers that pass each signal's number to `send`, called on a thread of its own
    /// (a signal handler may only do async-signal-safe work: it writes one byte to a pipe).
    static func forward(_ send: @escaping @Sendable (Int32) -> Void) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return }
        pipeWrite = descriptors[1]
        let reader = descriptors[0]
        Thread {
            var byte: UInt8 = 0
            while read(reader, &byte, 1) == 1 { send(Int32(byte)) }
        }.start()
        for number in signals {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(SignalProxy.pipeWrite, &byte, 1)
            }
        }
    }
}
