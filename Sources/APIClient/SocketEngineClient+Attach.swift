import EngineAPI
import Foundation

extension SocketEngineClient {
    /// `POST /containers/{id}/attach?stream=1&stdout=1&stderr=1&logs=`: attaches to a container's output on
    /// a hijacked connection. Returns once the engine accepted the attach, so that a caller that attaches
    /// before it starts the container (as `docker run` does) misses nothing; the stream then carries the
    /// output (demultiplexed unless the engine says the stream is raw, as for a tty) until the engine closes
    /// the connection, which it does when the container stops.
    /// With `input`, its bytes go to the container's stdin (the container must have OpenStdin), and its
    /// end closes our write side.
    package func attachContainer(_ id: String, logs: Bool = false, input: AsyncStream<[UInt8]>? = nil)
        async throws -> AsyncThrowingStream<OutputChunk, any Error>
    {
        let path = "/containers/\(Self.escape(id))/attach"
        let query: [(String, String?)] = [
            ("stream", "1"), ("stdin", input == nil ? nil : "1"), ("stdout", "1"), ("stderr", "1"),
            ("logs", logs ? "1" : nil),
        ]
        let (box, raw) = try await Self.blocking {
            let connection = try connect()
            try connection.send(
                method: "POST", target: target(path, query), headers: [("Connection", "Upgrade"), ("Upgrade", "tcp")])
            let head = try connection.readHead()
            guard head.status == 101 || head.status == 200 else {
                try Self.check(head, try connection.readBody(head))
                throw EngineClientError(code: .server, message: "attach \(id): status \(head.status)")
            }
            let raw = head.header("content-type")?.contains("raw-stream") ?? false
            if let input { Self.pump(input, into: connection) }
            return (ConnectionBox(connection), raw)
        }
        return AsyncThrowingStream { continuation in
            Thread {
                do {
                    var demultiplexer = StreamDemultiplexer()
                    while let piece = try box.connection.readSome() {
                        let chunks = raw ? [OutputChunk(stream: .stdout, bytes: piece)] : demultiplexer.feed(piece)
                        for chunk in chunks { continuation.yield(chunk) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }.start()
        }
    }
}

extension SocketEngineClient {
    /// `POST /containers/{id}/resize?h=&w=`: the size of the container's terminal.
    package func resizeContainer(_ id: String, height: Int, width: Int) async throws {
        try await Self.blocking {
            _ = try call(
                "POST", "/containers/\(Self.escape(id))/resize",
                query: [("h", String(height)), ("w", String(width))])
        }
    }
}
