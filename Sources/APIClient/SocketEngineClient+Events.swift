import EngineAPI
import Foundation

/// One message of `GET /events` (the fields compose reads).
package struct EngineEventMessage: Sendable, Equatable, Decodable {
    /// `container`, `image`, `network`, `volume`, `daemon`.
    package var type: String
    /// `create`, `start`, `die`, `exec_create: sh`, `health_status: healthy`, ...
    package var action: String
    /// The object's ID.
    package var actorID: String
    /// The object's attributes: its name, image and labels.
    package var attributes: [String: String]
    /// Nanoseconds since the epoch.
    package var timeNano: Int64

    /// Creates a message.
    package init(type: String, action: String, actorID: String, attributes: [String: String], timeNano: Int64) {
        self.type = type
        self.action = action
        self.actorID = actorID
        self.attributes = attributes
        self.timeNano = timeNano
    }

    private struct Actor: Decodable {
        var ID: String?
        var Attributes: [String: String]?
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type", action = "Action", actor = "Actor", time, timeNano
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
        action = try container.decodeIfPresent(String.self, forKey: .action) ?? ""
        let actor = try container.decodeIfPresent(Actor.self, forKey: .actor)
        actorID = actor?.ID ?? ""
        attributes = actor?.Attributes ?? [:]
        let seconds = try container.decodeIfPresent(Int64.self, forKey: .time) ?? 0
        timeNano = try container.decodeIfPresent(Int64.self, forKey: .timeNano) ?? seconds * 1_000_000_000
    }
}

extension SocketEngineClient {
    /// `GET /events?filters=&since=&until=`: the engine's events as they happen, until the consumer stops
    /// iterating or the engine closes the stream (at `until`).
    package func events(filters: Filters, since: String? = nil, until: String? = nil)
        -> AsyncThrowingStream<EngineEventMessage, any Error>
    {
        let query: [(String, String?)] = [("filters", Self.filters(filters)), ("since", since), ("until", until)]
        return jsonLines("GET", "/events", query: query, headers: []) { line in
            try JSONDecoder().decode(EngineEventMessage.self, from: Data(line))
        }
    }

    /// `POST /images/{name}/push?tag=`: pushes an image; the stream carries the progress messages and ends
    /// when the push is done. A message with an `error` ends it with an `EngineClientError`.
    package func pushImage(_ reference: String, registryAuth: String?) -> AsyncThrowingStream<
        ImagePullProgress, any Error
    > {
        // Docker's clients always send the header; an empty JSON object means anonymous.
        let auth = registryAuth ?? Data("{}".utf8).base64EncodedString()
        return jsonLines(
            "POST", "/images/\(Self.escape(reference))/push", query: [], headers: [("X-Registry-Auth", auth)]
        ) { line in
            let message = try JSONDecoder().decode(ImagePullProgress.self, from: Data(line))
            if let error = message.error { throw EngineClientError(code: .server, message: error) }
            return message
        }
    }

    /// The engine's platform name from `GET /version` (`berth` for berth's daemon, `Docker Engine - ...`
    /// for dockerd); nil when it gives none.
    package func platformName() async throws -> String? {
        struct Answer: Decodable {
            struct PlatformBody: Decodable { var Name: String? }
            var Platform: PlatformBody?
        }
        return try await Self.blocking { try json(Answer.self, "GET", "/version").Platform?.Name }
    }

    /// Streams a response of newline-separated JSON documents, each turned into an element by `decode`
    /// (an `EngineClientError` it throws ends the stream; lines it cannot read are skipped). Pull, push
    /// and events all answer this way.
    func jsonLines<Element: Sendable>(
        _ method: String, _ path: String, query: [(String, String?)], headers: [(String, String)],
        decode: @escaping @Sendable ([UInt8]) throws -> Element
    ) -> AsyncThrowingStream<Element, any Error> {
        AsyncThrowingStream { continuation in
            Thread {
                do {
                    let connection = try connect()
                    try connection.send(method: method, target: target(path, query), headers: headers)
                    let head = try connection.readHead()
                    guard (200..<300).contains(head.status) else {
                        try Self.check(head, try connection.readBody(head))
                        return
                    }
                    var pending: [UInt8] = []
                    try connection.readBody(head) { piece in
                        pending += piece
                        while let newline = pending.firstIndex(of: 0x0A) {
                            let line = Array(pending[..<newline])
                            pending.removeSubrange(...newline)
                            guard !line.isEmpty else { continue }
                            do {
                                continuation.yield(try decode(line))
                            } catch let error as EngineClientError {
                                throw error
                            } catch {
                                continue
                            }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }.start()
        }
    }
}
