import Engine
import EngineAPI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal of an exec with `Tty`: container-init makes the pty inside the container, from its own
/// devpts (so `tty` names a node that exists there), and the engine hands the daemon its master; the
/// daemon copies the master to and from the client, and `resize` sets the master's window size.
enum ExecTerminal {
    /// Sets the window size of the pty whose master is `fd`.
    static func resize(_ fd: Int32, rows: Int, columns: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(fd, UInt(TIOCSWINSZ), &size)
    }

    /// Runs `body`, which starts the exec and hands the pty master to the closure it is given; from
    /// then on the master is copied to `connection` and the client's bytes to the master. `opened`
    /// sees the master first, `closing` before it is closed. Returns the exit code (126 when it could
    /// not start, the reason written to the client).
    static func run(
        attachStdin: Bool, connection: (any HijackedConnection)?, opened: @escaping (Int32) -> Void,
        closing: () -> Void,
        _ body: ((Int32) -> Void) throws -> Int32
    ) -> Int32 {
        let finished = DoneFlag()
        var master: Int32 = -1
        var code: Int32
        do {
            code = try body { fd in
                master = fd
                opened(fd)
                copy(master: fd, attachStdin: attachStdin, connection: connection, finished: finished)
            }
        } catch {
            try? connection?.write(Array("berth: exec failed: \(error)\r\n".utf8))
            code = 126
        }
        guard master >= 0 else { return code }
        // The output drains until the last slave closes; a background process that keeps the
        // terminal holds the exec open, as with dockerd.
        while !finished.isSet { usleep(5000) }
        closing()
        close(master)
        return code
    }

    /// Starts the threads: master to `connection` (setting `finished` at EIO, once every slave is
    /// closed), and the client's bytes to the master.
    private static func copy(
        master: Int32, attachStdin: Bool, connection: (any HijackedConnection)?, finished: DoneFlag
    ) {
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 32768)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                try? connection?.write(Array(buffer[..<count]))
            }
            finished.set()
        }
        reader.start()
        // The input thread writes to its own copy of the master: it may still be waiting for the
        // client after the exec ended and the master was closed.
        if attachStdin, let connection {
            let input = dup(master)
            Thread.detachNewThread {
                defer { close(input) }
                while let bytes = connection.read() {
                    let written = bytes.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
                    guard written >= 0 else { break }
                }
            }
        }
    }
}

/// A flag one thread sets and another polls.
final class DoneFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
