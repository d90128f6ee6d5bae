import Foundation
import NIOCore
import NIOHTTP1

/// Writes an `APIResponse` to a channel from a route's own thread, waiting on each write so the
/// producer follows the client's pace.
struct ResponseWriter: ResponseStream {
    let channel: Channel
    let isHead: Bool
    let keepAlive: Bool

    var isClosed: Bool { !channel.isActive }

    /// Sends `response`; returns whether the connection may serve another request.
    func send(_ response: APIResponse, upgradeRequested: Bool, version: APIVersion?) -> Bool {
        switch response {
        case .body(let status, let contentType, let bytes):
            var headers = baseHeaders(contentType: contentType)
            headers.add(name: "Content-Length", value: String(bytes.count))
            writeHead(status, headers)
            if !isHead && !bytes.isEmpty { try? writePart(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
            return finish()
        case .empty(let status, let extra):
            var headers = baseHeaders(contentType: nil)
            for (name, value) in extra { headers.add(name: name, value: value) }
            if status != .noContent && status != .notModified { headers.add(name: "Content-Length", value: "0") }
            writeHead(status, headers)
            return finish()
        case .stream(let status, let contentType, let extra, let produce):
            var headers = baseHeaders(contentType: contentType)
            for (name, value) in extra { headers.add(name: name, value: value) }
            headers.add(name: "Transfer-Encoding", value: "chunked")
            writeHead(status, headers)
            do {
                try produce(self)
            } catch {
                channel.close(promise: nil)
                return false
            }
            return finish()
        case .hijack(let contentType, let run):
            hijack(contentType: contentType, upgrade: upgradeRequested, run: run)
            return false
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try writePart(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
    }

    private func baseHeaders(contentType: String?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Api-Version", value: APIVersion.current.description)
        headers.add(name: "Docker-Experimental", value: "false")
        headers.add(name: "Ostype", value: "linux")
        headers.add(name: "Server", value: "berth/\(BerthVersion.string) (linux)")
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        return headers
    }

    private func writeHead(_ status: HTTPResponseStatus, _ headers: HTTPHeaders) {
        try? writePart(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
    }

    private func writePart(_ part: HTTPServerResponsePart) throws {
        try channel.writeAndFlush(part).wait()
    }

    private func finish() -> Bool {
        (try? writePart(.end(nil))) != nil && keepAlive
    }

    /// Answers 101 (or 200 for clients that did not ask to upgrade), then hands the raw byte pipe to
    /// `run`. The HTTP handlers go first and the head is written as raw bytes: a client may send its
    /// stdin as soon as it reads the head, and those bytes must not reach the HTTP decoder.
    private func hijack(contentType: String, upgrade: Bool, run: (HijackedConnection) throws -> Void) {
        var head = "HTTP/1.1 \(upgrade ? "101 UPGRADED" : "200 OK")\r\nContent-Type: \(contentType)\r\n"
        if upgrade { head += "Connection: Upgrade\r\nUpgrade: tcp\r\n" }
        head += "Api-Version: \(APIVersion.current)\r\n\r\n"
        let raw = RawConnection(channel: channel)
        do {
            try channel.eventLoop.submit {
                let pipeline = channel.pipeline.syncOperations
                try pipeline.addHandler(RawInboundHandler(connection: raw), name: "raw")
                for name in ["api", "http-encoder", "http-decoder"] {
                    pipeline.removeHandler(context: try pipeline.context(name: name), promise: nil)
                }
            }.wait()
            try raw.write(Array(head.utf8))
        } catch {
            raw.close()
            return
        }
        try? run(raw)
        raw.close()
    }
}
