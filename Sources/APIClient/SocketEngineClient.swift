import EngineAPI
import Foundation

/// `EngineClient` over HTTP on a UNIX socket (or TCP, with TLS through a tunnel): berth's daemon or
/// any engine that speaks the Docker Engine API (dockerd). Each call takes a connection of its own
/// and runs on a thread of its own, since the socket I/O blocks.
package struct SocketEngineClient: EngineClient {
    /// Where the engine is.
    package let endpoint: EngineEndpoint
    /// The API version prefix of every request.
    package let apiVersion: String

    /// The socket path (empty for TCP).
    package var socketPath: String { endpoint.socketPath }

    /// A client of the engine at `socketPath`.
    package init(socketPath: String, apiVersion: String = "1.44") {
        self.init(endpoint: EngineEndpoint(socketPath: socketPath, isDefault: false), apiVersion: apiVersion)
    }

    /// A client of the engine at `endpoint`.
    package init(endpoint: EngineEndpoint, apiVersion: String = "1.44") {
        self.endpoint = endpoint
        self.apiVersion = apiVersion
    }

    /// Runs `body` on a new thread and returns its result to the awaiting task.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// `/v1.44/path?query` with the query percent-encoded, nil values left out.
    func target(_ path: String, _ query: [(String, String?)] = []) -> String {
        let pairs = query.compactMap { name, value in value.map { "\(name)=\(Self.escape($0))" } }
        return "/v\(apiVersion)\(path)" + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
    }

    static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// Sends a request and returns the body of a 2xx answer; other statuses become
    /// `EngineClientError`s carrying the engine's message.
    func call(
        _ method: String, _ path: String, query: [(String, String?)] = [], body: [UInt8] = [],
        headers: [(String, String)] = []
    ) throws -> [UInt8] {
        let connection = try connect()
        var allHeaders = headers
        if !body.isEmpty && !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            allHeaders.append(("Content-Type", "application/json"))
        }
        do {
            try connection.send(method: method, target: target(path, query), headers: allHeaders, body: body)
            let head = try connection.readHead()
            let bytes = try connection.readBody(head)
            try Self.check(head, bytes)
            return bytes
        } catch let error as TransportError {
            throw EngineClientError(code: .transport, message: error.description, cause: error)
        }
    }

    /// Like `call`, decoding the JSON answer as `T`.
    func json<T: Decodable>(
        _ type: T.Type, _ method: String, _ path: String, query: [(String, String?)] = [], body: [UInt8] = []
    ) throws -> T {
        let bytes = try call(method, path, query: query, body: body)
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw EngineClientError(
                code: .server, message: "\(method) \(path): unexpected answer from the engine: \(error)", cause: error)
        }
    }

    func connect() throws -> UnixHTTPConnection {
        do {
            return try UnixHTTPConnection.open(endpoint)
        } catch let error as TransportError {
            throw EngineClientError(code: .transport, message: error.description, cause: error)
        }
    }

    static func check(_ head: HTTPResponseHead, _ body: [UInt8]) throws {
        guard !(200..<300).contains(head.status) else { return }
        let message =
            (try? JSONDecoder().decode(ErrorResponse.self, from: Data(body)))?.message
            ?? String(decoding: body, as: UTF8.self)
        throw EngineClientError(code: .of(status: head.status), message: message)
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    static func filters(_ filters: Filters) -> String? {
        guard !filters.isEmpty, let data = try? JSONEncoder().encode(filters.values) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    package func version() async throws -> SystemVersion {
        try await Self.blocking { try json(SystemVersion.self, "GET", "/version") }
    }
}
