import EngineAPI

/// Turns a logs body into lines: Docker's multiplexed framing (8-byte headers: stream, three zero
/// bytes, big-endian length) or a tty container's raw bytes, and an RFC 3339 timestamp prefix when
/// timestamps were asked for.
struct LogLineSplitter {
    private let multiplexed: Bool
    private let timestamps: Bool
    private var framed = StreamDemultiplexer()
    private var partial: [StdStream: [UInt8]] = [:]

    init(multiplexed: Bool, timestamps: Bool) {
        self.multiplexed = multiplexed
        self.timestamps = timestamps
    }

    /// The complete lines in `bytes` (with what came before).
    mutating func feed(_ bytes: [UInt8]) -> [LogLine] {
        let chunks = multiplexed ? framed.feed(bytes) : [OutputChunk(stream: .stdout, bytes: bytes)]
        var lines: [LogLine] = []
        for chunk in chunks {
            var pending = partial[chunk.stream, default: []] + chunk.bytes
            while let newline = pending.firstIndex(of: 0x0A) {
                lines.append(line(pending[..<newline], stream: chunk.stream))
                pending.removeSubrange(...newline)
            }
            partial[chunk.stream] = pending
        }
        return lines
    }

    /// What is left after the last newline.
    mutating func finish() -> [LogLine] {
        defer { partial = [:] }
        return partial.sorted { $0.key.rawValue < $1.key.rawValue }.filter { !$0.value.isEmpty }.map {
            line($0.value[...], stream: $0.key)
        }
    }

    private func line(_ bytes: ArraySlice<UInt8>, stream: StdStream) -> LogLine {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        guard timestamps, let space = text.firstIndex(of: " ") else { return LogLine(stream: stream, line: text) }
        return LogLine(
            stream: stream, line: String(text[text.index(after: space)...]), timestamp: String(text[..<space]))
    }
}
