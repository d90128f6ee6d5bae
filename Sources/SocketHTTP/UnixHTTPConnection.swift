#if canImport(Glibc)
    import Glibc
#endif

/// The status line and headers of an HTTP response.
package struct HTTPResponseHead: Sendable {
    /// The status code (200, 404...).
    package var status: Int
    /// Header fields with lower-cased names, in order.
    package var headers: [(name: String, value: String)]

    /// The first value of header `name` (any case).
    package func header(_ name: String) -> String? {
        let lowered = asciiLowercased(name)
        return headers.first { $0.name == lowered }?.value
    }
}

/// A failure talking to the engine, naming the endpoint.
package struct TransportError: Error, CustomStringConvertible, Sendable {
    package var description: String

    /// Makes the error.
    package init(_ description: String) {
        self.description = description
    }
}

/// One blocking HTTP/1.1 connection over a UNIX socket. Blocking keeps the CLI's start-up small (no
/// event loop) and makes hijacking (`Upgrade: tcp`) trivial: the socket simply becomes a byte pipe.
package final class UnixHTTPConnection {
    /// The connected socket; owned by this object until `detach()`.
    package private(set) var descriptor: Int32
    private var buffer: [UInt8] = []
    private var bufferStart = 0

    /// Connects to the socket at `path`.
    package init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw TransportError("cannot create a socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw TransportError("socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw TransportError("cannot connect to unix://\(path): \(String(cString: strerror(code)))")
        }
    }

    /// Takes over a connected stream socket (a TCP connection, or a TLS tunnel's end).
    package init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Writes a request; `body` gets a Content-Length header.
    package func send(method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: docker\r\nUser-Agent: berth/0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        try writeAll(Array(text.utf8) + body)
    }

    /// Writes raw bytes (a hijacked connection's input).
    package func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw TransportError("write to the engine failed: errno \(errno)") }
            offset += written
        }
    }

    /// Closes the write side (end of a hijacked stdin).
    package func closeWrite() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Reads the status line and headers.
    package func readHead() throws -> HTTPResponseHead {
        guard let statusLine = try readLine() else { throw TransportError("the engine closed the connection") }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw TransportError("malformed status line from the engine: \(statusLine)")
        }
        var headers: [(name: String, value: String)] = []
        while let line = try readLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = asciiLowercased(line[..<colon])
            let value = String(trimmingBlanks(line[line.index(after: colon)...]))
            headers.append((name, value))
        }
        return HTTPResponseHead(status: status, headers: headers)
    }

    /// Reads the whole body of a response with `head`.
    package func readBody(_ head: HTTPResponseHead) throws -> [UInt8] {
        var body: [UInt8] = []
        try readBody(head) { body += $0 }
        return body
    }

    /// Reads the body piece by piece (chunked, Content-Length, or until the engine closes), calling
    /// `consume` with each piece as it arrives; `consume` returns false to stop early.
    package func readBody(_ head: HTTPResponseHead, consume: ([UInt8]) throws -> Void) throws {
        if head.header("transfer-encoding").map(asciiLowercased) == "chunked" {
            while let sizeLine = try readLine() {
                let hex = sizeLine.split(separator: ";").first.map(String.init) ?? ""
                guard let size = Int(trimmingBlanks(hex[...]), radix: 16) else {
                    throw TransportError("malformed chunk size from the engine: \(sizeLine)")
                }
                if size == 0 {
                    while let trailer = try readLine(), !trailer.isEmpty {}
                    return
                }
                try consume(try readExactly(size))
                _ = try readLine()
            }
            throw TransportError("the engine closed the connection in the middle of a response")
        }
        if let length = head.header("content-length").flatMap(Int.init) {
            if length > 0 { try consume(try readExactly(length)) }
            return
        }
        if head.status == 204 || head.status == 304 { return }
        while let piece = try readSome() { try consume(piece) }
    }

    /// Whether bytes that arrived with the head wait in the buffer (a caller that polls the socket
    /// must take them first: poll does not see them).
    package var hasBufferedBytes: Bool { bufferStart < buffer.count }

    /// The next bytes from the socket (buffered ones first); nil at end of stream.
    package func readSome() throws -> [UInt8]? {
        if bufferStart < buffer.count {
            let piece = Array(buffer[bufferStart...])
            buffer = []
            bufferStart = 0
            return piece
        }
        return try receive()
    }

    /// The next bytes from the socket itself (never the buffer); nil at end of stream.
    private func receive() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw TransportError("read from the engine failed: errno \(errno)") }
            return count == 0 ? nil : Array(chunk[..<count])
        }
    }

    /// Appends bytes from the socket to the buffer (dropping what was consumed); false at end of
    /// stream. It must not go through `readSome`, which hands out the buffer itself: a body longer
    /// than what arrived with the head would then never grow.
    private func fill() throws -> Bool {
        guard let piece = try receive() else { return false }
        buffer = Array(buffer[bufferStart...]) + piece
        bufferStart = 0
        return true
    }

    private func readLine() throws -> String? {
        while true {
            if let newline = buffer[bufferStart...].firstIndex(of: 0x0A) {
                var end = newline
                if end > bufferStart && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[bufferStart..<end], as: UTF8.self)
                bufferStart = newline + 1
                return line
            }
            guard try fill() else { return nil }
        }
    }

    /// Exactly `count` bytes: the buffered ones, then straight from the socket into the result (so a
    /// large body is copied once); bytes past `count` stay buffered.
    private func readExactly(_ count: Int) throws -> [UInt8] {
        let buffered = min(count, buffer.count - bufferStart)
        var bytes = Array(buffer[bufferStart..<bufferStart + buffered])
        bufferStart += buffered
        bytes.reserveCapacity(count)
        while bytes.count < count {
            guard let piece = try receive() else {
                throw TransportError("the engine closed the connection in the middle of a body")
            }
            let needed = count - bytes.count
            bytes += piece.prefix(needed)
            if piece.count > needed {
                buffer = Array(piece[needed...])
                bufferStart = 0
            }
        }
        return bytes
    }
}

/// `text` without leading and trailing spaces and tabs.
private func trimmingBlanks(_ text: Substring) -> Substring {
    let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else {
        return ""
    }
    return text[first...last]
}

/// `text` with A-Z lowered: header names and tokens are ASCII, and `lowercased()` pays for Unicode.
func asciiLowercased(_ text: some StringProtocol) -> String {
    String(decoding: text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
}
