import Foundation
import NIOCore
import Synchronization

/// A request body read while it arrives (archives for `PUT /containers/{id}/archive` and
/// `POST /images/load` may be far larger than the server's buffered-body limit).
package protocol RequestBody: Sendable {
    /// The next bytes; nil at the end of the body. Throws when the client went away before the end.
    func read() throws -> [UInt8]?
}

/// A body that is complete already (unit tests, and routes called with a buffered body).
package final class BufferedRequestBody: RequestBody {
    private let bytes: Mutex<[UInt8]?>

    /// Serves `bytes` as one chunk.
    package init(_ bytes: [UInt8]) {
        self.bytes = Mutex(bytes)
    }

    package func read() throws -> [UInt8]? {
        bytes.withLock { value in
            defer { value = nil }
            return value
        }
    }
}

/// The chunks of a streamed body, queued by the event loop and taken by the route's thread. When more
/// than `highWater` bytes wait, the channel stops reading from the socket (so a fast client cannot
/// fill memory) until the route has taken them below `lowWater`.
final class StreamedRequestBody: RequestBody, @unchecked Sendable {
    // Every var is only touched with `condition` locked (a condition variable: the reader sleeps
    // until the event loop queues a chunk, as in `RawConnection`).
    private var chunks: [[UInt8]] = []
    private var queued = 0
    private var ended = false
    private var aborted = false
    private var paused = false
    private var discarding = false
    private let condition = NSCondition()
    private let channel: Channel
    private let highWater = 4 << 20
    private let lowWater = 1 << 20

    init(channel: Channel) {
        self.channel = channel
    }

    func read() throws -> [UInt8]? {
        condition.lock()
        while chunks.isEmpty && !ended && !aborted { condition.wait() }
        if chunks.isEmpty {
            let failed = aborted
            condition.unlock()
            if failed { throw APIError.badRequest("the client closed the connection before the end of the body") }
            return nil
        }
        let chunk = chunks.removeFirst()
        queued -= chunk.count
        let resume = paused && queued < lowWater
        if resume { paused = false }
        condition.unlock()
        if resume { channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in } }
        return chunk
    }

    /// Queues a chunk (on the event loop); returns true when the channel should stop reading.
    func received(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !discarding else { return false }
        chunks.append(bytes)
        queued += bytes.count
        condition.signal()
        guard queued > highWater, !paused else { return false }
        paused = true
        return true
    }

    /// The body is complete.
    func end() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// The connection closed before the end of the body.
    func abort() {
        condition.lock()
        aborted = true
        condition.broadcast()
        condition.unlock()
    }

    /// The route is done: what is left of the body is read and dropped, so the connection can serve
    /// the next request.
    func discardRest() {
        condition.lock()
        discarding = true
        chunks = []
        queued = 0
        let resume = paused
        paused = false
        condition.unlock()
        if resume { channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in } }
    }
}
