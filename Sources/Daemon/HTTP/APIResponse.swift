import Foundation
import NIOHTTP1

/// What a route answers: a complete body, a stream written while the request runs, or a hijacked
/// connection (Docker's `Upgrade: tcp` for attach and exec).
package enum APIResponse: Sendable {
    /// A complete body with its content type.
    case body(HTTPResponseStatus, contentType: String, [UInt8])
    /// A status with no body (204, or a 200 with no content for HEAD).
    case empty(HTTPResponseStatus, headers: [(String, String)] = [])
    /// A chunked body produced by `produce`, which runs on its own thread and returns when done; when
    /// it throws, the connection is closed without the final chunk, so the client sees the failure.
    case stream(
        HTTPResponseStatus, contentType: String, headers: [(String, String)] = [],
        produce: @Sendable (ResponseStream) throws -> Void)
    /// The connection is taken over after `101 UPGRADED` (or 200 when the client did not ask to upgrade).
    case hijack(contentType: String, run: @Sendable (HijackedConnection) throws -> Void)

    /// Encodes `value` as the JSON body.
    package static func json(_ value: some Encodable, status: HTTPResponseStatus = .ok) throws -> APIResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return .body(status, contentType: "application/json", Array(try encoder.encode(value)))
    }

    /// Docker's error body `{"message": ...}` with the error's status.
    package static func error(_ error: APIError) -> APIResponse {
        let body = (try? JSONEncoder().encode(["message": error.message])) ?? Data("{}".utf8)
        return .body(error.status, contentType: "application/json", Array(body))
    }
}

/// Writes the chunks of a streamed body; each write waits until the bytes reached the socket, so a
/// slow client slows the producer instead of filling memory. Throws once the client has gone.
package protocol ResponseStream: Sendable {
    /// Sends `bytes` as one chunk.
    func write(_ bytes: [UInt8]) throws
    /// Whether the client has closed the connection (producers that wait for events poll it).
    var isClosed: Bool { get }
}

/// A connection after the HTTP exchange: raw bytes both ways.
package protocol HijackedConnection: Sendable {
    /// Sends `bytes` to the client; throws once the client has gone.
    func write(_ bytes: [UInt8]) throws
    /// The next bytes the client sent; nil at end of input (the client closed its write side).
    func read() -> [UInt8]?
    /// Closes the connection.
    func close()
}
