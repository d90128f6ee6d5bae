import EngineAPI
import JSONCore
import SocketHTTP

#if canImport(Glibc)
    import Glibc
#endif

/// `berth container run|create` for the common flags, without the full CLI: the same engine calls
/// as `ContainerRunCommand.runThroughEngine`, from a small static executable that starts in about
/// 1 ms, where the full CLI spends 25-30 ms loading itself and parsing its command tree. Anything
/// the quick path does not take, including a create the engine refuses (an image to pull, a name in
/// use), goes to the full CLI before anything was made, so messages and fallbacks stay the full
/// CLI's.
///
/// `run` attaches before it starts, as `docker run` does. With `--rm` the container is AutoRemove
/// and the `wait?condition=removed` goes out before the start too: the engine removes the
/// container as soon as it exited and the output was read, even when this client is gone, and
/// keeps its exit code for the waiter. AutoRemove also tells the engine that nothing of the
/// container needs to outlive a power loss (no fsync, a volatile overlay).
package struct QuickRun {
    /// What an attempt did.
    package enum Outcome: Equatable, Sendable {
        /// It ran the command; exit with this status.
        case exit(Int32)
        /// It did nothing: run the full CLI with the same arguments.
        case fullCLI
    }

    let arguments: QuickArguments
    let socketPath: String
    let environment: [String: String]

    /// Runs `words` (the arguments after the program name) when the quick path takes them.
    package static func attempt(_ words: [String], environment: [String: String]) -> Outcome {
        guard let arguments = QuickArguments.parse(words), let socket = socketPath(arguments.host, environment) else {
            return .fullCLI
        }
        return QuickRun(arguments: arguments, socketPath: socket, environment: environment).run()
    }

    /// The engine's UNIX socket as the full CLI picks it (`-H`, BERTH_HOST, DOCKER_HOST, berth's
    /// default); nil for a TCP engine, which the full CLI serves.
    static func socketPath(_ host: String?, _ environment: [String: String]) -> String? {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let chosen = host ?? nonEmpty("BERTH_HOST") ?? nonEmpty("DOCKER_HOST") ?? "unix:///run/berth/berth.sock"
        if chosen.hasPrefix("unix://") { return String(chosen.dropFirst("unix://".count)) }
        return chosen.hasPrefix("/") ? chosen : nil
    }

    func run() -> Outcome {
        let body = arguments.createBody(environment: environment).serialized()
        let query = arguments.name.map { "?name=" + percentEncoded($0) } ?? ""
        guard let created = try? call("POST", "/containers/create" + query, body: body), created.status == 201,
            let response = try? JSONValue(parsing: created.body), case .string(let id)? = response["Id"]
        else { return .fullCLI }
        if case .array(let warnings)? = response["Warnings"] {
            for case .string(let warning) in warnings { writeAll(2, "WARNING: \(warning)\n") }
        }
        if arguments.command == .create || arguments.detach {
            if arguments.command == .run, let failure = start(id) { return failure }
            writeAll(1, id + "\n")
            return .exit(0)
        }
        let output: (connection: UnixHTTPConnection, raw: Bool)
        let waiter: UnixHTTPConnection?
        do {
            output = try attach(id)
            // Sent now, read at the end: the engine has it before the container can exit and go.
            waiter = try arguments.remove ? request("POST", "/containers/\(id)/wait?condition=removed") : nil
        } catch {
            if arguments.remove { _ = try? call("DELETE", "/containers/\(id)?force=1&v=1") }
            return report(error)
        }
        if let failure = start(id) { return failure }
        do {
            SignalRelay.install()
            try copyOutput(of: id, from: output.connection, raw: output.raw)
            let answer = try expect(
                waiter.map { try read($0) } ?? call("POST", "/containers/\(id)/wait?condition=not-running"))
            let waited = try JSONValue(parsing: answer)
            guard case .number(let text)? = waited["StatusCode"], let status = Int64(text) else {
                throw QuickRunError("wait \(id): the engine's answer has no StatusCode")
            }
            return .exit(Int32(truncatingIfNeeded: status))
        } catch {
            return report(error)
        }
    }

    /// Starts the container; on failure removes it with `--rm` and returns the outcome to exit with.
    private func start(_ id: String) -> Outcome? {
        do {
            _ = try expect(call("POST", "/containers/\(id)/start"))
            return nil
        } catch {
            // The engine removes an AutoRemove container whose start failed; this covers an older one.
            if arguments.remove { _ = try? call("DELETE", "/containers/\(id)?force=1&v=1") }
            return report(error)
        }
    }

    /// Attaches to the output, with the logs so far (nothing is missed whenever the start comes).
    /// Returns once the engine answered, so a start sent after it finds the stream in place.
    private func attach(_ id: String) throws -> (connection: UnixHTTPConnection, raw: Bool) {
        let connection = try UnixHTTPConnection(path: socketPath)
        try connection.send(
            method: "POST", target: "/v\(Self.apiVersion)/containers/\(id)/attach?stream=1&stdout=1&stderr=1&logs=1",
            headers: [("Connection", "Upgrade"), ("Upgrade", "tcp")])
        let head = try connection.readHead()
        guard head.status == 101 || head.status == 200 else {
            _ = try expect((head.status, try connection.readBody(head)))
            throw QuickRunError("attach \(id): status \(head.status)")
        }
        // Docker's type for a tty's stream (an exact compare: `contains` on strings costs a generic
        // search's metadata at start-up).
        return (connection, head.header("content-type") == "application/vnd.docker.raw-stream")
    }

    /// Copies the output to our stdout and stderr until the engine closes the stream, relaying
    /// signals to the container meanwhile.
    private func copyOutput(of id: String, from connection: UnixHTTPConnection, raw: Bool) throws {
        var frames = StreamDemultiplexer()
        while true {
            if !connection.hasBufferedBytes {
                var ready = [
                    pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: SignalRelay.readEnd, events: Int16(POLLIN), revents: 0),
                ]
                if poll(&ready, ready[1].fd >= 0 ? 2 : 1, -1) < 0 { continue }
                if ready[1].revents != 0, let signal = SignalRelay.next() {
                    _ = try? call("POST", "/containers/\(id)/kill?signal=\(signal)")
                }
                if ready[0].revents == 0 { continue }
            }
            guard let piece = try connection.readSome() else { return }
            for chunk in raw ? [OutputChunk(stream: .stdout, bytes: piece)] : frames.feed(piece) {
                writeAll(chunk.stream == .stderr ? 2 : 1, chunk.bytes)
            }
        }
    }

    static let apiVersion = "1.44"

    /// One request on its own connection: the status and the whole body.
    private func call(_ method: String, _ path: String, body: [UInt8] = []) throws -> (status: Int, body: [UInt8]) {
        try read(try request(method, path, body: body))
    }

    /// Sends one request on its own connection; `read` takes the answer.
    private func request(_ method: String, _ path: String, body: [UInt8] = []) throws -> UnixHTTPConnection {
        let connection = try UnixHTTPConnection(path: socketPath)
        let headers = body.isEmpty ? [] : [("Content-Type", "application/json")]
        try connection.send(method: method, target: "/v\(Self.apiVersion)" + path, headers: headers, body: body)
        return connection
    }

    /// The status and the whole body of the answer on `connection`.
    private func read(_ connection: UnixHTTPConnection) throws -> (status: Int, body: [UInt8]) {
        let head = try connection.readHead()
        return (head.status, try connection.readBody(head))
    }

    /// The body of a 2xx answer; any other is an error with the engine's message.
    private func expect(_ answer: (status: Int, body: [UInt8])) throws -> [UInt8] {
        guard !(200..<300).contains(answer.status) else { return answer.body }
        if case .string(let message)? = (try? JSONValue(parsing: answer.body))?["message"] {
            throw QuickRunError(message)
        }
        throw QuickRunError(String(decoding: answer.body, as: UTF8.self))
    }

    /// `berth: message` on stderr and docker's 125, as the full CLI reports an engine failure.
    private func report(_ error: any Error) -> Outcome {
        writeAll(2, "berth: \(error)\n")
        return .exit(125)
    }
}

/// An engine's refusal or a transport failure, shown as its text.
struct QuickRunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes all of `bytes` to `descriptor` (our stdout or stderr).
func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}

func writeAll(_ descriptor: Int32, _ text: String) { writeAll(descriptor, Array(text.utf8)) }

/// `text` with every byte but RFC 3986's unreserved ones percent-encoded, for a query value.
func percentEncoded(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            out.append(byte)
        default: out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
        }
    }
    return String(decoding: out, as: UTF8.self)
}
