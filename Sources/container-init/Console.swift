import CLinux
import Glibc

/// The container's terminal. With a tty, berth-shim (or the engine, for an exec) hands container-init a
/// console socket, named by `BERTH_CONSOLE_FD`: the pty is made here, from the container's own devpts,
/// so `tty`, ttyname() and `/proc/self/fd/0` name a node that exists in the container, and only the
/// master goes back over the socket (as runc's --console-socket).
enum Console {
    /// The console socket's descriptor, when the caller passed one.
    static var socket: Int32? {
        guard let value = getenv("BERTH_CONSOLE_FD") else { return nil }
        return Int32(String(cString: value))
    }

    /// `BERTH_CONSOLE_SIZE=ROWS COLUMNS`, the size asked for before the start (an exec's ConsoleSize); 0 0 when absent.
    static var initialSize: (rows: UInt16, columns: UInt16) {
        guard let value = getenv("BERTH_CONSOLE_SIZE") else { return (0, 0) }
        let numbers = String(cString: value).split(separator: " ").compactMap { UInt16($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : (0, 0)
    }

    /// Makes the terminal the controlling terminal of a new session and fds 0-2. Called once the
    /// container's /dev is mounted (or its mount namespace entered, for an exec), before confinement.
    /// Without a console socket, a terminal already on fd 0 is taken as it is (the caller's, passed
    /// through to an exec: best effort).
    static func take(exec: Bool) throws(InitFailure) {
        guard let socket else {
            if clinux_take_terminal() != 0 && !exec {
                throw InitFailure("cannot take the terminal: \(errorText(errno))")
            }
            return
        }
        let size = initialSize
        if clinux_console_take(socket, size.rows, size.columns) != 0 {
            throw InitFailure("cannot make the container's terminal from /dev/ptmx: \(errorText(errno))")
        }
    }

    /// Gives the terminal to the process's user (as runc does), so it can open its own /dev/pts/N by
    /// name too; the group (devpts' tty group) stays. Best effort: only with a console socket.
    static func give(to uid: UInt32) {
        guard socket != nil else { return }
        _ = fchown(0, uid, UInt32.max)
    }
}
