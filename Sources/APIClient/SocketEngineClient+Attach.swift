import EngineAPI
import Foundation

/// What `berth container` needs beyond the compose client: attach, and the raw JSON of inspect and
/// stats (printed as the engine wrote them, so no field is lost in a round trip through our models).
extension SocketEngineClient {
    /// `POST /containers/{id}/attach?stream=1&stdout=1&stderr=1&logs=`: the container's output until
    /// it stops, demultiplexed (a tty container's raw bytes arrive as stdout). With `logs` the output
    /// written before the call comes first, so attaching after start loses nothing.
    package func attachContainer(_ id: String, logs: Bool) -> AsyncThrowingStream<OutputChunk, any Error> {
        let path = "/containers/\(Self.escape(id))/attach"
        let query: [(String, String?)] = [
            ("stream", "1"), ("stdout", "1"), ("stderr", "1"), ("logs", logs ? "1" : "0"),
        ]
        return AsyncThrowingStream { continuation in
            Thread {
                do {
                    let connection = try connect()
                    try connection.send(
                        method: "POST", target: target(path, query),
                        headers: [("Connection", "Upgrade"), ("Upgrade", "tcp")])
                    let head = try connection.readHead()
                    guard head.status == 101 || head.status == 200 else {
                        try Self.check(head, try connection.readBody(head))
                        return
                    }
                    let raw = head.header("content-type")?.contains("raw-stream") ?? false
                    var demultiplexer = StreamDemultiplexer()
                    while let piece = try connection.readSome() {
                        let chunks = raw ? [OutputChunk(stream: .stdout, bytes: piece)] : demultiplexer.feed(piece)
                        for chunk in chunks { continuation.yield(chunk) }
                    }
                    continuation.finish()
                } catch let error as TransportError {
                    continuation.finish(
                        throwing: EngineClientError(code: .transport, message: error.description, cause: error))
                } catch {
                    continuation.finish(throwing: error)
                }
            }.start()
        }
    }

    /// `GET /containers/{id}/json`, the body as the engine sent it.
    package func inspectContainerJSON(_ id: String) async throws -> [UInt8] {
        try await Self.blocking { try call("GET", "/containers/\(Self.escape(id))/json") }
    }

    /// `GET /containers/{id}/stats?stream=0`: one sample, the body as the engine sent it.
    package func containerStatsJSON(_ id: String) async throws -> [UInt8] {
        try await Self.blocking {
            try call("GET", "/containers/\(Self.escape(id))/stats", query: [("stream", "0")])
        }
    }
}
