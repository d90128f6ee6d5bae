import Engine
import EngineAPI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A connection to a container's shim socket (see Sources/berth-shim/README.md): `attach` makes it
/// carry the client's bytes to the container's stdin and the container's output back (raw with a
/// tty, else in Docker's stream frames); `resize ROWS COLS` sets the pty's size.
final class ShimAttachment: Sendable {
    let fd: Int32
    /// Holders of the socket; the last `release()` closes it.
    private let users = Mutex(1)

    private init(fd: Int32) {
        self.fd = fd
    }

    /// Connects to the shim of container `id` and sends `header`; waits while the container is
    /// still being created (`docker run` attaches before it starts), so the connection is made
    /// before the container's first output. Nil when the container does not run.
    static func connect(_ store: ContainerStore, id: String, header: String, waitForStart: Bool) -> ShimAttachment? {
        let path = store.runDirectory(id) + "/attach.sock"
        let deadline = Date().addingTimeInterval(300)
        // A running container's shim answers within moments (it binds, then listens).
        var runningTries = 2000
        while Date() < deadline && runningTries > 0 {
            if let fd = dial(path) {
                let attachment = ShimAttachment(fd: fd)
                guard attachment.send(Array((header + "\n").utf8)) else {
                    attachment.release()
                    return nil
                }
                return attachment
            }
            guard let record = try? store.inspect(id) else { return nil }
            switch record.state.status {
            case .created where waitForStart: break
            case .running: runningTries -= 1
            default: return nil
            }
            usleep(1000)
        }
        return nil
    }

    /// Sends every byte; false once the shim has gone.
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress?.advanced(by: offset), $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// The next output bytes; nil when the shim closed the connection (the container ended).
    func receive() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 32768)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? Array(buffer[..<count]) : nil
        }
    }

    /// Ends the input: the shim closes the container's stdin (without a tty).
    func endInput() { shutdown(fd, Int32(SHUT_WR)) }

    /// Ends both directions: a thread blocked in `receive` returns nil.
    func hangUp() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// One more holder (a second thread).
    func retain() { users.withLock { $0 += 1 } }

    /// Drops a holder; the last one closes the socket.
    func release() {
        if users.withLock({ count in
            count -= 1
            return count
        }) == 0 {
            close(fd)
        }
    }

    private static func dial(_ path: String) -> Int32? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            return nil
        }
        return fd
    }
}
