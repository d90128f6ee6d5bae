import CNetwork

#if canImport(Glibc)
    import Glibc
#endif

extension DNSServer {
    /// Serves one TCP query (2-byte length prefix) and closes the connection; a slow client gets
    /// two seconds.
    func serveConnection() {
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = withUnsafeMutablePointer(to: &source) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                cnetwork_accept4(tcpSocket, $0, &length, Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard let header = readExactly(fd, 2) else { return }
        let size = Int(header[0]) << 8 | Int(header[1])
        guard let query = readExactly(fd, size) else { return }
        let bytes: [UInt8]
        switch reply(to: query, from: InetSocket.address(of: source)) {
        case .drop: return
        case .answer(let answer): bytes = answer
        case .forward(let failure): bytes = DNSForwarder.ask(upstreamServers, query) ?? failure
        }
        let framed = [UInt8(truncatingIfNeeded: bytes.count >> 8), UInt8(truncatingIfNeeded: bytes.count)] + bytes
        _ = framed.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(count, 1))
        while data.count < count {
            guard InetSocket.waitReadable(fd, milliseconds: 2000) else { return nil }
            let got = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count - data.count, 0) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            data += chunk[0..<got]
        }
        return data
    }
}

/// Sends a query to the upstream servers in turn over UDP and returns the first answer.
enum DNSForwarder {
    static func ask(_ upstreams: [IPAddress], _ query: [UInt8]) -> [UInt8]? {
        for server in upstreams {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var target = InetSocket.make(server, 53)
            let sent = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard sent == query.count, InetSocket.waitReadable(fd, milliseconds: 2000) else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { return Array(buffer[0..<count]) }
        }
        return nil
    }
}
