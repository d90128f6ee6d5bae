#if canImport(Glibc)
    import Glibc
#endif

/// Small helpers over IPv4 sockets for the DNS server and port reservations (IPv6 host
/// addresses are not published yet).
enum InetSocket {
    /// Opens a socket of `type` (SOCK_STREAM or SOCK_DGRAM) bound to `address`:`port`; port 0
    /// lets the kernel pick. `reuseAddress` (for listeners that must rebind after a restart) is
    /// off for port reservations: two sockets with it may both bind one TCP port.
    static func bound(type: Int32, address: IPAddress, port: UInt16, what: String, reuseAddress: Bool = false)
        throws(NetworkError) -> Int32
    {
        let fd = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw NetworkError(
                .systemCall, "\(what): cannot open a socket", cause: SystemCallError(call: "socket", errno: errno))
        }
        var one: Int32 = 1
        if reuseAddress {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        var socketAddress = make(address, port)
        let rc = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            let kind: NetworkError.Code = code == EADDRINUSE ? .conflict : .systemCall
            throw NetworkError(
                kind, "\(what): cannot bind \(address):\(port)", cause: SystemCallError(call: "bind", errno: code))
        }
        return fd
    }

    /// The port a bound socket got.
    static func localPort(_ fd: Int32) -> UInt16 {
        var socketAddress = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: socketAddress.sin_port)
    }

    /// A sockaddr_in for `address`:`port`.
    static func make(_ address: IPAddress, _ port: UInt16) -> sockaddr_in {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        socketAddress.sin_addr.s_addr = UInt32(truncatingIfNeeded: address.value).bigEndian
        return socketAddress
    }

    /// The address of a sockaddr_in.
    static func address(of socketAddress: sockaddr_in) -> IPAddress {
        IPAddress(family: .v4, value: UInt128(UInt32(bigEndian: socketAddress.sin_addr.s_addr)))
    }

    /// Waits up to `milliseconds` for `fd` to be readable.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let rc = poll(&entry, 1, milliseconds)
            if rc < 0 && errno == EINTR { continue }
            return rc > 0
        }
    }
}
