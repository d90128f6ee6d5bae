import APIClient
import Daemon
import Foundation
import Testing

@Suite("API server")
struct APIServerTests {
    @Test("ping answers OK with the API version header")
    func ping() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (head, body) = try daemon.request("GET", "/_ping")
        #expect(head.status == 200)
        #expect(body == "OK")
        #expect(head.header("Api-Version") == "1.44")
        #expect(head.header("Ostype") == "linux")
        let (headHead, _) = try daemon.request("HEAD", "/_ping")
        #expect(headHead.status == 200)
    }

    @Test("version is served with and without a version prefix")
    func version() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        for target in ["/version", "/v1.44/version", "/v1.41/version"] {
            let (head, body) = try daemon.request("GET", target)
            #expect(head.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(object["ApiVersion"] as? String == "1.44")
            #expect(object["MinAPIVersion"] as? String == "1.24")
            #expect(object["Os"] as? String == "linux")
        }
    }

    @Test("versions outside 1.24...1.44 are refused with dockerd's message", arguments: ["1.45", "1.12"])
    func versionRange(version: String) throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (head, body) = try daemon.request("GET", "/v\(version)/version")
        #expect(head.status == 400)
        let message = try #require(TestDaemon.message(body))
        #expect(message.contains("client version \(version) is too"))
    }

    @Test("an unknown path is a 404 and a wrong method a 405, both with a JSON message")
    func unknownRoutes() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (missing, missingBody) = try daemon.request("GET", "/no/such/thing")
        #expect(missing.status == 404)
        #expect(TestDaemon.message(missingBody) == "page not found")
        let (wrong, wrongBody) = try daemon.request("DELETE", "/version")
        #expect(wrong.status == 405)
        #expect(TestDaemon.message(wrongBody)?.contains("DELETE") == true)
    }

    @Test("a body above the limit is a 400 and the connection still answers")
    func oversizedBody() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let big = [UInt8](repeating: 0x20, count: APIServer.maximumBodySize + 1)
        let (head, body) = try daemon.request("POST", "/version", body: big)
        #expect(head.status == 400)
        #expect(TestDaemon.message(body)?.contains("exceeds the limit") == true)
    }

    @Test("keep-alive: several requests on one connection")
    func keepAlive() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let connection = try UnixHTTPConnection(path: daemon.socketPath)
        for _ in 0..<3 {
            try connection.send(method: "GET", target: "/_ping")
            let head = try connection.readHead()
            #expect(head.status == 200)
            #expect(String(decoding: try connection.readBody(head), as: UTF8.self) == "OK")
        }
    }

    @Test("the socket is mode 0660; a live daemon's socket is not taken over, a dead one's is")
    func socketOwnership() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socketPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
        var configuration = daemon.state.configuration
        configuration.root = daemon.folder + "/root2"
        let second = APIServer(configuration: configuration, router: Router(), logger: daemon.state.logger)
        #expect(throws: ConfigurationError.self) { try second.start() }
        daemon.server.shutdown()
        // The socket file stays behind a dead daemon; a new one replaces it.
        let third = APIServer(
            configuration: configuration, router: Daemon.makeRouter(daemon.state), logger: daemon.state.logger)
        try third.start()
        defer { third.shutdown() }
        let connection = try UnixHTTPConnection(path: daemon.socketPath)
        try connection.send(method: "GET", target: "/_ping")
        #expect(try connection.readHead().status == 200)
    }

    @Test("events: published events stream to a follower, filtered by type")
    func events() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let since = Date().timeIntervalSince1970 - 1
        daemon.state.events.publish(EngineEvent(type: "network", action: "create", id: "n1"))
        daemon.state.events.publish(
            EngineEvent(type: "container", action: "start", id: "c1", attributes: ["name": "x"]))
        let until = Date().timeIntervalSince1970 + 1
        let filters = "%7B%22type%22%3A%5B%22container%22%5D%7D"
        let (head, body) = try daemon.request("GET", "/events?since=\(since)&until=\(until)&filters=\(filters)")
        #expect(head.status == 200)
        let lines = body.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\"Action\":\"start\"") == true)
    }
}
