import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension UnixHTTPConnection {
    /// A connection to `endpoint`: its UNIX socket, a TLS tunnel for `tcp://` with TLS, or a plain
    /// TCP connection.
    package static func open(_ endpoint: EngineEndpoint) throws -> UnixHTTPConnection {
        guard let tcp = endpoint.tcp else { return try UnixHTTPConnection(path: endpoint.socketPath) }
        if let files = tcp.tls { return UnixHTTPConnection(descriptor: try TLSTunnel.open(tcp, files: files)) }
        return UnixHTTPConnection(descriptor: try plainTCP(tcp))
    }

    /// The first address of `endpoint.host` that accepts a TCP connection.
    private static func plainTCP(_ endpoint: TCPEndpoint) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard status == 0, let first = list else {
            throw TransportError("tcp://\(endpoint.host):\(endpoint.port): cannot resolve the host")
        }
        defer { freeaddrinfo(first) }
        var lastError: Int32 = 0
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let info = current.pointee
            let descriptor = socket(info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
            if descriptor >= 0 {
                if Glibc.connect(descriptor, info.ai_addr, info.ai_addrlen) == 0 { return descriptor }
                lastError = errno
                close(descriptor)
            }
            entry = info.ai_next
        }
        throw TransportError(
            "cannot connect to tcp://\(endpoint.host):\(endpoint.port): \(String(cString: strerror(lastError)))")
    }
}
