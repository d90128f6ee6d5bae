// Docker's multiplexed stream framing (logs and attach of containers without a tty): each frame
// is an 8-byte header (stream, three zero bytes, big-endian length) and the bytes.

/// Splits a multiplexed stream into chunks, keeping partial frames between calls.
package struct StreamDemultiplexer: Sendable {
    /// An empty demultiplexer.
    package init() {}

    private var pending: [UInt8] = []

    /// The whole frames available after adding `bytes`.
    package mutating func feed(_ bytes: [UInt8]) -> [OutputChunk] {
        pending += bytes
        var chunks: [OutputChunk] = []
        var offset = 0
        while pending.count - offset >= 8 {
            let size =
                Int(pending[offset + 4]) << 24 | Int(pending[offset + 5]) << 16 | Int(pending[offset + 6]) << 8
                | Int(pending[offset + 7])
            guard pending.count - offset - 8 >= size else { break }
            let stream = StdStream(rawValue: pending[offset]) ?? .stdout
            chunks.append(OutputChunk(stream: stream, bytes: Array(pending[(offset + 8)..<(offset + 8 + size)])))
            offset += 8 + size
        }
        pending.removeFirst(offset)
        return chunks
    }

    /// The 8-byte header for a frame of `count` bytes on `stream`.
    package static func header(stream: StdStream, count: Int) -> [UInt8] {
        [
            stream.rawValue, 0, 0, 0, UInt8(truncatingIfNeeded: count >> 24), UInt8(truncatingIfNeeded: count >> 16),
            UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count),
        ]
    }
}
