import CNetwork

#if canImport(Glibc)
    import Glibc
#endif

/// A NETLINK_ROUTE socket, opened in the caller's network namespace or in another one. Requests
/// are synchronous and block the calling thread (never call it from Swift concurrency's pool).
final class NetlinkSocket {
    private let fd: Int32
    private var sequence: UInt32 = 0
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// Opens a socket in the namespace whose file is `netnsPath`, or in ours when nil.
    init(netnsPath: String? = nil) throws(NetworkError) {
        var nsfd: Int32 = -1
        if let netnsPath {
            do {
                nsfd = try systemCall("open", path: netnsPath) { open(netnsPath, O_RDONLY | O_CLOEXEC) }
            } catch {
                throw NetworkError(.systemCall, "cannot open network namespace \(netnsPath)", cause: error)
            }
        }
        defer { if nsfd >= 0 { close(nsfd) } }
        do {
            fd = try systemCall("netlink socket", path: netnsPath) { cnetwork_netlink_socket(nsfd) }
        } catch {
            throw NetworkError(.systemCall, "cannot open a netlink socket", cause: error)
        }
    }

    deinit { close(fd) }

    /// Sends `message` with an acknowledgement request and waits for it; `what` names the
    /// operation in errors. Returns the reply messages that came before the acknowledgement.
    @discardableResult
    func perform(_ message: NetlinkMessage, what: String) throws(NetworkError) -> [[UInt8]] {
        sequence &+= 1
        let bytes = message.finished(sequence: sequence)
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == bytes.count else {
            throw NetworkError(
                .systemCall, "\(what): netlink send failed", cause: SystemCallError(call: "send", errno: errno))
        }
        var replies: [[UInt8]] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw NetworkError(
                    .systemCall, "\(what): netlink recv failed", cause: SystemCallError(call: "recv", errno: errno))
            }
            if let done = try parse(Array(buffer[0..<count]), what: what, into: &replies) { return done ? replies : [] }
        }
    }

    /// Walks the messages in one datagram; returns true at our acknowledgement, nil to read more.
    private func parse(_ data: [UInt8], what: String, into replies: inout [[UInt8]]) throws(NetworkError) -> Bool? {
        var offset = 0
        while offset + 16 <= data.count {
            let length = Int(data.loadU32(at: offset))
            let type = Int32(data.loadU16(at: offset + 4))
            let seq = data.loadU32(at: offset + 8)
            guard length >= 16, offset + length <= data.count else { break }
            let body = Array(data[(offset + 16)..<(offset + length)])
            offset += (length + 3) & ~3
            guard seq == sequence else { continue }
            if type == NLMSG_ERROR {
                let code = body.count >= 4 ? Int32(bitPattern: body.loadU32(at: 0)) : -EIO
                if code == 0 { return true }
                throw NetworkError(
                    .netlink, "\(what): \(String(cString: strerror(-code)))",
                    cause: SystemCallError(call: "netlink", errno: -code))
            }
            if type == NLMSG_DONE { return true }
            replies.append(body)
        }
        return nil
    }
}

extension [UInt8] {
    /// A host-order UInt32 at `offset`.
    func loadU32(at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(self[offset + $1]) << (8 * UInt32($1)) }
    }

    /// A host-order UInt16 at `offset`.
    func loadU16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }
}
