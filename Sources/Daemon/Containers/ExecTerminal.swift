import Engine
import EngineAPI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A pty for an exec with `Tty`: the process gets the slave as stdin, stdout and stderr (and
/// container-init makes it its controlling terminal); the daemon copies the master to and from the
/// client, and `resize` sets the master's window size.
enum ExecTerminal {
    /// Opens a pty pair; nil when the host has none to give.
    static func open() -> (master: Int32, slave: Int32)? {
        // posix_openpt, unlockpt and ptsname are not in Swift's Glibc module: their Linux ioctls
        // (asm-generic numbers, as on x86_64 and arm64) do the same.
        let master = Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { return nil }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let unlockRequest = UInt(0x4004_5431)  // TIOCSPTLCK
        let numberRequest = UInt(0x8004_5430)  // TIOCGPTN
        guard ioctl(master, unlockRequest, &unlock) == 0, ioctl(master, numberRequest, &number) == 0 else {
            close(master)
            return nil
        }
        let slave = Glibc.open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            close(master)
            return nil
        }
        return (master, slave)
    }

    /// Sets the window size of the pty whose master is `fd`.
    static func resize(_ fd: Int32, rows: Int, columns: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(fd, UInt(TIOCSWINSZ), &size)
    }

    /// Runs `body` with the slave as its stdio, copying the master to `connection` and the client's
    /// bytes to the master; returns the exit code (126 when it could not start). Closes the slave;
    /// the caller closes the master.
    static func run(
        master: Int32, slave: Int32, attachStdin: Bool, connection: (any HijackedConnection)?,
        _ body: ((Int32, Int32, Int32)) throws -> Int32
    ) -> Int32 {
        let finished = DoneFlag()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 32768)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                // EIO: every slave is closed (the process and its children ended).
                guard count > 0 else { break }
                try? connection?.write(Array(buffer[..<count]))
            }
            finished.set()
        }
        reader.start()
        // The input thread writes to its own copy of the master: it may still be waiting for the
        // client after the exec ended and the caller closed the master.
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
        var code: Int32
        do {
            code = try body((slave, slave, slave))
        } catch {
            let message = Array("berth: exec failed: \(error)\r\n".utf8)
            _ = message.withUnsafeBytes { write(slave, $0.baseAddress, $0.count) }
            code = 126
        }
        close(slave)
        // The output drains until the last slave closes; a background process that keeps the
        // terminal holds the exec open, as with dockerd.
        while !finished.isSet { usleep(5000) }
        return code
    }
}

/// A flag one thread sets and another polls.
final class DoneFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
