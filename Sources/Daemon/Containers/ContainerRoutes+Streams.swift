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
        // Attach with stdin goes through the shim's socket (input, and output as it comes, which a
        // terminal needs); output-only attach follows the log, so it never touches the container's stdin.
        router.add(.POST, "/containers/{id}/attach") { request in
            let id = try request.parameter("id")
            let tty = try containers.isTTY(id)
            var query = LogQuery()
            query.stdout = try request.flag("stdout")
            query.stderr = try request.flag("stderr")
            let withLogs = try request.flag("logs")
            if !withLogs { query.since = nowNanoseconds() }
            let stdin = try request.flag("stdin")
            let type = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream"
            let selection = query
            // Counted from here, before the answer: a start that comes after it finds the stream
            // open, and an auto-removal waits for it to drain.
            let container = try containers.engine { try containers.store.resolve(id) }
            containers.outputStreams.begin(container)
            if stdin {
                return .hijack(contentType: type) { connection in
                    defer { containers.outputStreams.end(container) }
                    if withLogs {
                        for entry in try containers.engine({ try containers.store.logs(id, query: selection) }) {
                            try connection.write(frame(entry, tty: tty, timestamps: false))
                        }
                    }
                    containers.attachInteractive(id, tty: tty, query: selection, connection: connection) { entry in
                        frame(entry, tty: tty, timestamps: false)
                    }
                }
            }
            return .hijack(contentType: type) { connection in
                defer { containers.outputStreams.end(container) }
                // Attach comes before start in `docker run`: follow once the container runs.
                _ = containers.waitUntilStarted(id)
                try containers.logs(id, query: selection, follow: true) { entry in
                    (try? connection.write(frame(entry, tty: tty, timestamps: false))) != nil
                }
            }
        }
        router.add(.POST, "/containers/{id}/resize") { request in
            let (rows, columns) = try terminalSize(request)
            try containers.resize(try request.parameter("id"), rows: rows, columns: columns)
            return .empty(.ok)
        }
    }

    /// `h` and `w` of a resize request: positive numbers.
    static func terminalSize(_ request: APIRequest) throws -> (Int, Int) {
        guard let rows = try request.integer("h"), let columns = try request.integer("w") else {
            throw APIError.badRequest("h and w: missing (the terminal's height and width)")
        }
        guard (0...65535).contains(rows), (0...65535).contains(columns) else {
            throw APIError.badRequest("h and w: \(rows)x\(columns) is not a terminal size (0-65535)")
        }
        return (rows, columns)
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
