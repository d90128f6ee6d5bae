import EngineAPI
import Foundation

extension SocketEngineClient {
    package func listContainers(_ options: ContainerListOptions) async throws -> [ContainerSummary] {
        let query: [(String, String?)] = [
            ("all", options.all ? "1" : nil), ("size", options.size ? "1" : nil),
            ("filters", Self.filters(options.filters)),
        ]
        return try await Self.blocking { try json([ContainerSummary].self, "GET", "/containers/json", query: query) }
    }

    package func createContainer(name: String?, platform: String?, _ request: ContainerCreateRequest) async throws
        -> ContainerCreateResponse
    {
        let body = try Self.encode(request)
        return try await Self.blocking {
            try json(
                ContainerCreateResponse.self, "POST", "/containers/create",
                query: [("name", name), ("platform", platform)],
                body: body)
        }
    }

    package func inspectContainer(_ id: String) async throws -> ContainerInspect {
        try await Self.blocking { try json(ContainerInspect.self, "GET", "/containers/\(Self.escape(id))/json") }
    }

    package func startContainer(_ id: String) async throws {
        try await Self.blocking {
            do {
                _ = try call("POST", "/containers/\(Self.escape(id))/start")
            } catch let error as EngineClientError where error.code == .notModified {
                return
            }
        }
    }

    package func stopContainer(_ id: String, signal: String?, timeout: Int?) async throws {
        try await Self.blocking {
            do {
                _ = try call(
                    "POST", "/containers/\(Self.escape(id))/stop",
                    query: [("signal", signal), ("t", timeout.map(String.init))])
            } catch let error as EngineClientError where error.code == .notModified {
                return
            }
        }
    }

    package func restartContainer(_ id: String, signal: String?, timeout: Int?) async throws {
        try await Self.blocking {
            _ = try call(
                "POST", "/containers/\(Self.escape(id))/restart",
                query: [("signal", signal), ("t", timeout.map(String.init))])
        }
    }

    package func killContainer(_ id: String, signal: String?) async throws {
        try await Self.blocking {
            _ = try call("POST", "/containers/\(Self.escape(id))/kill", query: [("signal", signal)])
        }
    }

    package func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws {
        try await Self.blocking {
            _ = try call(
                "DELETE", "/containers/\(Self.escape(id))",
                query: [("force", force ? "1" : nil), ("v", removeVolumes ? "1" : nil)])
        }
    }

    package func renameContainer(_ id: String, to newName: String) async throws {
        try await Self.blocking {
            _ = try call("POST", "/containers/\(Self.escape(id))/rename", query: [("name", newName)])
        }
    }

    package func waitContainer(_ id: String, condition: WaitCondition) async throws -> ContainerWaitResponse {
        try await Self.blocking {
            try json(
                ContainerWaitResponse.self, "POST", "/containers/\(Self.escape(id))/wait",
                query: [("condition", condition.rawValue)])
        }
    }

    /// Sends `POST /containers/{id}/wait?condition=` and returns before the answer, which may come
    /// much later: a caller that must have its wait in before it starts the container (`run --rm`)
    /// reads it with `answer()` afterwards.
    package func sendWait(_ id: String, condition: WaitCondition) async throws -> PendingWait {
        try await Self.blocking {
            let connection = try connect()
            do {
                try connection.send(
                    method: "POST",
                    target: target("/containers/\(Self.escape(id))/wait", [("condition", condition.rawValue)]))
            } catch let error as TransportError {
                throw EngineClientError(code: .transport, message: error.description, cause: error)
            }
            return PendingWait(box: ConnectionBox(connection))
        }
    }

    package func pauseContainer(_ id: String) async throws {
        try await Self.blocking { _ = try call("POST", "/containers/\(Self.escape(id))/pause") }
    }

    package func unpauseContainer(_ id: String) async throws {
        try await Self.blocking { _ = try call("POST", "/containers/\(Self.escape(id))/unpause") }
    }

    package func topContainer(_ id: String, psArgs: String?) async throws -> ContainerTopResponse {
        try await Self.blocking {
            try json(
                ContainerTopResponse.self, "GET", "/containers/\(Self.escape(id))/top", query: [("ps_args", psArgs)])
        }
    }

    package func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error> {
        let query: [(String, String?)] = [
            ("follow", options.follow ? "1" : nil), ("stdout", options.stdout ? "1" : "0"),
            ("stderr", options.stderr ? "1" : "0"), ("since", options.since), ("until", options.until),
            ("timestamps", options.timestamps ? "1" : nil), ("tail", options.tail),
        ]
        let path = "/containers/\(Self.escape(id))/logs"
        return AsyncThrowingStream { continuation in
            let thread = Thread {
                do {
                    let connection = try connect()
                    try connection.send(method: "GET", target: target(path, query))
                    let head = try connection.readHead()
                    guard (200..<300).contains(head.status) else {
                        try Self.check(head, try connection.readBody(head))
                        return
                    }
                    var splitter = LogLineSplitter(
                        multiplexed: head.header("content-type")?.contains("multiplexed") ?? true,
                        timestamps: options.timestamps)
                    try connection.readBody(head) { piece in
                        for line in splitter.feed(piece) { continuation.yield(line) }
                    }
                    for line in splitter.finish() { continuation.yield(line) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.start()
        }
    }
}

/// A wait request already sent, whose answer is still to be read.
package struct PendingWait: Sendable {
    let box: ConnectionBox

    /// Blocks (on a thread of its own) until the engine answers; the container's exit code.
    package func answer() async throws -> ContainerWaitResponse {
        let box = box
        return try await SocketEngineClient.blocking {
            do {
                let head = try box.connection.readHead()
                let bytes = try box.connection.readBody(head)
                try SocketEngineClient.check(head, bytes)
                return try JSONDecoder().decode(ContainerWaitResponse.self, from: Data(bytes))
            } catch let error as TransportError {
                throw EngineClientError(code: .transport, message: error.description, cause: error)
            }
        }
    }
}
