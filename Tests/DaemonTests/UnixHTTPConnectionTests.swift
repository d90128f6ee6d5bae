import APIClient
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The blocking client against a raw server that sends a response in small writes: bodies much
/// longer than one read (a container list of a big project is hundreds of kilobytes) must arrive
/// whole, with Content-Length and chunked framing alike.
@Suite struct UnixHTTPConnectionTests {
    /// Serves `response` on a socketpair end in writes of `piece` bytes, then closes it.
    private func serve(_ response: [UInt8], piece: Int) throws -> UnixHTTPConnection {
        var pair: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let server = pair[1]
        Thread.detachNewThread {
            var offset = 0
            while offset < response.count {
                let end = min(offset + piece, response.count)
                let written = response[offset..<end].withUnsafeBytes { write(server, $0.baseAddress, $0.count) }
                guard written > 0 else { break }
                offset += written
            }
            close(server)
        }
        return UnixHTTPConnection(descriptor: pair[0])
    }

    private static let body = (0..<300_000).map { UInt8($0 % 251) }

    @Test func longBodyWithContentLength() throws {
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: \(Self.body.count)\r\n\r\n".utf8)
        let connection = try serve(head + Self.body, piece: 7000)
        let response = try connection.readHead()
        #expect(response.status == 200)
        #expect(try connection.readBody(response) == Self.body)
    }

    @Test func longChunkedBody() throws {
        var bytes = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for start in stride(from: 0, to: Self.body.count, by: 100_000) {
            let chunk = Self.body[start..<min(start + 100_000, Self.body.count)]
            bytes += Array("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + Array("\r\n".utf8)
        }
        bytes += Array("0\r\n\r\n".utf8)
        let connection = try serve(bytes, piece: 4096)
        let response = try connection.readHead()
        #expect(try connection.readBody(response) == Self.body)
    }
}
