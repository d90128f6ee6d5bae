import Foundation
import NIOCore

/// A hijacked connection: reads come from a queue that the channel's raw handler fills, writes go
/// straight to the channel. Reads block the route's thread, never the event loop.
final class RawConnection: HijackedConnection, @unchecked Sendable {
    // `chunks` and `ended` are only touched with `condition` locked.
    private var chunks: [[UInt8]] = []
    private var ended = false
    private let condition = NSCondition()
    private let channel: Channel

    init(channel: Channel) {
        self.channel = channel
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try channel.writeAndFlush(ByteBuffer(bytes: bytes)).wait()
    }

    func read() -> [UInt8]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !ended { condition.wait() }
        return chunks.isEmpty ? nil : chunks.removeFirst()
    }

    func close() {
        end()
        channel.close(promise: nil)
    }

    /// Queues bytes the client sent.
    func received(_ bytes: [UInt8]) {
        condition.lock()
        chunks.append(bytes)
        condition.signal()
        condition.unlock()
    }

    /// Marks the end of the client's input.
    func end() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Feeds a `RawConnection` from the channel once the HTTP handlers are gone.
final class RawInboundHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let connection: RawConnection

    init(connection: RawConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        connection.received(Array(buffer.readableBytesView))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { connection.end() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.end()
    }
}
