import EngineAPI
import Foundation

extension SocketEngineClient {
    package func createExec(_ containerID: String, _ request: ExecCreateRequest) async throws -> IdResponse {
        let body = try Self.encode(request)
        return try await Self.blocking {
            try json(IdResponse.self, "POST", "/containers/\(Self.escape(containerID))/exec", body: body)
        }
    }

    package func resizeExec(_ id: String, height: Int, width: Int) async throws {
        try await Self.blocking {
            _ = try call(
                "POST", "/exec/\(Self.escape(id))/resize", query: [("h", String(height)), ("w", String(width))])
        }
    }

    package func inspectExec(_ id: String) async throws -> ExecInspect {
        try await Self.blocking { try json(ExecInspect.self, "GET", "/exec/\(Self.escape(id))/json") }
    }

    /// Starts the exec on a hijacked connection: `input` is copied to its stdin on one thread, its
    /// output read on another until the engine closes the connection.
    package func startExec(_ id: String, _ request: ExecStartRequest, input: AsyncStream<[UInt8]>?)
        -> AsyncThrowingStream<OutputChunk, any Error>
    {
        let path = "/exec/\(Self.escape(id))/start"
        let tty = request.tty ?? false
        return AsyncThrowingStream { continuation in
            do {
                let body = try Self.encode(request)
                Thread {
                    do {
                        let connection = try connect()
                        try connection.send(
                            method: "POST", target: target(path),
                            headers: [
                                ("Content-Type", "application/json"), ("Connection", "Upgrade"), ("Upgrade", "tcp"),
                            ],
                            body: body)
                        let head = try connection.readHead()
                        guard head.status == 101 || head.status == 200 else {
                            try Self.check(head, try connection.readBody(head))
                            return
                        }
                        if let input { Self.pump(input, into: connection) }
                        var demultiplexer = StreamDemultiplexer()
                        while let piece = try connection.readSome() {
                            let chunks = tty ? [OutputChunk(stream: .stdout, bytes: piece)] : demultiplexer.feed(piece)
                            for chunk in chunks { continuation.yield(chunk) }
                        }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }.start()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    /// Copies `input` to the connection, then closes its write side (the process sees end of input).
    static func pump(_ input: AsyncStream<[UInt8]>, into connection: UnixHTTPConnection) {
        let box = ConnectionBox(connection)
        Task.detached {
            for await bytes in input {
                guard (try? box.connection.writeAll(bytes)) != nil else { return }
            }
            box.connection.closeWrite()
        }
    }
}

/// Lets the stdin pump share the connection with the reading thread: writes and reads use the
/// socket's two directions independently, which is safe for a stream socket.
final class ConnectionBox: @unchecked Sendable {
    let connection: UnixHTTPConnection

    init(_ connection: UnixHTTPConnection) {
        self.connection = connection
    }
}
