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
        case .stream(let status, let contentType, let produce):
            var headers = baseHeaders(contentType: contentType)
            headers.add(name: "Transfer-Encoding", value: "chunked")
            writeHead(status, headers)
            try? produce(self)
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

    /// Answers 101 (or 200 for clients that did not ask to upgrade), then turns the pipeline into a
    /// raw byte pipe and hands it to `run`.
    private func hijack(contentType: String, upgrade: Bool, run: (HijackedConnection) throws -> Void) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        if upgrade {
            headers.add(name: "Connection", value: "Upgrade")
            headers.add(name: "Upgrade", value: "tcp")
        }
        let head = HTTPResponseHead(version: .http1_1, status: upgrade ? .switchingProtocols : .ok, headers: headers)
        let raw = RawConnection(channel: channel)
        do {
            try writePart(.head(head))
            try channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(RawInboundHandler(connection: raw), name: "raw")
            }.wait()
            try channel.pipeline.removeHandler(name: "api").wait()
            try channel.pipeline.removeHandler(name: "http-encoder").wait()
            try channel.pipeline.removeHandler(name: "http-decoder").wait()
        } catch {
            raw.close()
            return
        }
        try? run(raw)
        raw.close()
    }
}
