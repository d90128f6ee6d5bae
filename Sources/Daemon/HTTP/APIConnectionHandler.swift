import Engine
import Foundation
import NIOCore
import NIOHTTP1

/// Reads one HTTP request at a time, runs its route on a worker thread (routes may block on
/// kernel work, which must stay off NIO's event loops and Swift's cooperative pool) and writes the
/// answer. Oversized bodies are refused with a 400 before any route sees them.
final class APIConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let router: Router
    private let maximumBodySize: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var oversized = false
    private var busy = false
    private var inputClosed = false
    /// The body of the request in flight when its route streams it.
    private var streamed: StreamedRequestBody?
    /// Keeps responses in the order of their requests (see `ResponseOrder`).
    private let order = ResponseOrder()

    init(router: Router, maximumBodySize: Int) {
        self.router = router
        self.maximumBodySize = maximumBodySize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            oversized = false
            if wantsStreamedBody(requestHead) {
                let stream = StreamedRequestBody(channel: context.channel)
                streamed = stream
                head = nil
                busy = true
                dispatch(requestHead, body: [], streamed: stream, channel: context.channel)
            }
        case .body(let chunk):
            if let streamed {
                if streamed.received(Array(chunk.readableBytesView)) {
                    context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
                }
            } else if body.count + chunk.readableBytes > maximumBodySize {
                oversized = true
                body = []
            } else if !oversized {
                body += chunk.readableBytesView
            }
        case .end:
            streamed?.end()
            streamed = nil
            guard let requestHead = head else { return }
            head = nil
            busy = true
            dispatch(requestHead, body: oversized ? nil : body, streamed: nil, channel: context.channel)
            body = []
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The client closed its write side: finish the request in flight, then close.
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            if !busy { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        streamed?.abort()
        streamed = nil
        context.fireChannelInactive()
    }

    private func wantsStreamedBody(_ head: HTTPRequestHead) -> Bool {
        let path = APIRequest.split(uri: head.uri).path
        guard let stripped = try? APIVersion.strip(from: path) else { return false }
        return router.streamsBody(head.method, stripped.1)
    }

    /// Called on the event loop when a response has been written completely.
    private func finished(keepAlive: Bool, context channel: Channel) {
        busy = false
        if !keepAlive || inputClosed { channel.close(promise: nil) }
    }

    private func dispatch(
        _ head: HTTPRequestHead, body: [UInt8]?, streamed: StreamedRequestBody?, channel: Channel
    ) {
        let router = router
        let limit = maximumBodySize
        let keepAlive = head.isKeepAlive
        let loopBound = NIOLoopBound(self, eventLoop: channel.eventLoop)
        let order = order
        let turn = order.take()
        WorkerThreads.shared.run {
            defer { order.done(turn) }
            let response: APIResponse
            let request: APIRequest?
            do {
                var made = try Self.makeRequest(head, body: body, limit: limit)
                made.streamedBody = streamed
                request = made
                response = router.respond(to: made)
            } catch let error as APIError {
                request = nil
                response = .error(error)
            } catch {
                request = nil
                response = .error(.server("\(error)"))
            }
            order.wait(for: turn)
            let writer = ResponseWriter(channel: channel, isHead: head.method == .HEAD, keepAlive: keepAlive)
            let keep = writer.send(response, upgradeRequested: Self.wantsUpgrade(head), version: request?.version)
            streamed?.discardRest()
            channel.eventLoop.execute { loopBound.value.finished(keepAlive: keep, context: channel) }
        }
    }

    private static func makeRequest(_ head: HTTPRequestHead, body: [UInt8]?, limit: Int) throws -> APIRequest {
        guard let body else { throw APIError.badRequest("request body exceeds the limit of \(limit) bytes") }
        let (rawPath, query) = APIRequest.split(uri: head.uri)
        let (version, path) = try APIVersion.strip(from: rawPath)
        return APIRequest(
            method: head.method, path: path, version: version, query: query, headers: head.headers, body: body)
    }

    private static func wantsUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.headers["Upgrade"].contains { $0.lowercased() == "tcp" }
    }
}

/// Each connection's responses go out in the order its requests came, one whole response at a time.
/// A client may send its next request as soon as it has read a response (a HEAD /_ping answer is
/// complete at its head), while that response's last part is still being written from its route's
/// thread. Without this, the next route's head could be written first, and the encoder, which frames
/// one response at a time, would then end the new chunked response with the old one's end: the
/// client saw an empty body and the archive's bytes arrived after it (docker cp, about 1 in 50).
final class ResponseOrder: @unchecked Sendable {
    private let condition = NSCondition()
    private var issued = 0
    private var serving = 0

    /// The next turn; called on the event loop, in the order requests are read.
    func take() -> Int {
        condition.lock()
        defer { condition.unlock() }
        issued += 1
        return issued - 1
    }

    /// Blocks the route's thread until every earlier response has been written.
    func wait(for turn: Int) {
        condition.lock()
        while serving != turn { condition.wait() }
        condition.unlock()
    }

    /// Ends `turn` (its response is written, or it will write none).
    func done(_ turn: Int) {
        condition.lock()
        // A turn that ends before its predecessors (it failed early) still waits its place.
        while serving != turn { condition.wait() }
        serving += 1
        condition.broadcast()
        condition.unlock()
    }
}
