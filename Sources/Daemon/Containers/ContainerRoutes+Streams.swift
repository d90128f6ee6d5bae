import Engine
import EngineAPI
import Foundation

extension ContainerRoutes {
    /// Logs and attach: json-file entries as Docker's multiplexed frames (raw bytes for a tty).
    static func registerStreams(on router: inout Router, _ containers: ContainerService) {
        router.add(.GET, "/containers/{id}/logs") { request in
            let id = try request.parameter("id")
            let tty = try containers.isTTY(id)
            let query = try logQuery(request)
            let follow = try request.flag("follow")
            let timestamps = try request.flag("timestamps")
            let type = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream"
            return .stream(.ok, contentType: type) { stream in
                try containers.logs(id, query: query, follow: follow) { entry in
                    (try? stream.write(frame(entry, tty: tty, timestamps: timestamps))) != nil
                }
            }
        }
        // Attach streams the container's output until it exits. Input is not forwarded yet: the
        // shim's attach socket is not wired to the API (berth container run -i uses it directly).
        router.add(.POST, "/containers/{id}/attach") { request in
            let id = try request.parameter("id")
            let tty = try containers.isTTY(id)
            var query = LogQuery()
            query.stdout = try request.flag("stdout")
            query.stderr = try request.flag("stderr")
            if !(try request.flag("logs")) { query.since = nowNanoseconds() }
            let type = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream"
            let selection = query
            return .hijack(contentType: type) { connection in
                // Attach comes before start in `docker run`: follow once the container runs.
                _ = containers.waitUntilStarted(id)
                try containers.logs(id, query: selection, follow: true) { entry in
                    (try? connection.write(frame(entry, tty: tty, timestamps: false))) != nil
                }
            }
        }
    }

    private static func logQuery(_ request: APIRequest) throws -> LogQuery {
        var query = LogQuery()
        query.stdout = try request.flag("stdout")
        query.stderr = try request.flag("stderr")
        if let since = request.query("since"), !since.isEmpty, since != "0" {
            query.since = try seconds(since, field: "since")
        }
        if let until = request.query("until"), !until.isEmpty, until != "0" {
            query.until = try seconds(until, field: "until")
        }
        if let tail = request.query("tail"), !tail.isEmpty, tail != "all" {
            guard let count = Int(tail), count >= 0 else {
                throw APIError.badRequest("tail: \"\(tail)\" is not a number")
            }
            query.tail = count
        }
        return query
    }

    /// Unix seconds with an optional fraction, as nanoseconds.
    private static func seconds(_ text: String, field: String) throws -> Int64 {
        guard let value = Double(text) else {
            throw APIError.badRequest("\(field): \"\(text)\" is not a Unix timestamp")
        }
        return Int64(value * 1e9)
    }

    static func frame(_ entry: LogEntry, tty: Bool, timestamps: Bool) -> [UInt8] {
        let payload = Array(((timestamps ? entry.time + " " : "") + entry.log).utf8)
        guard !tty else { return payload }
        let stream: StdStream = entry.stream == "stderr" ? .stderr : .stdout
        return StreamDemultiplexer.header(stream: stream, count: payload.count) + payload
    }
}
