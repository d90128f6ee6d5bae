import APIClient
import Daemon
import Foundation
import Logging

/// An API server on a socket in a temporary folder, with its own state root; stopped and removed by
/// `close()`.
final class TestDaemon {
    let folder: String
    let socketPath: String
    let state: DaemonState
    let server: APIServer

    init() throws {
        folder = "/tmp/berth-daemon-\(UUID().uuidString.prefix(8))"
        socketPath = folder + "/berth.sock"
        var configuration = DaemonConfiguration()
        configuration.root = folder + "/root"
        configuration.execRoot = folder + "/run"
        configuration.hosts = ["unix://" + socketPath]
        configuration.group = "berth-test-no-such-group"
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        state = try DaemonState(configuration: configuration, logger: logger)
        server = APIServer(configuration: configuration, router: Daemon.makeRouter(state), logger: logger)
        try server.start()
    }

    func close() {
        server.shutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Sends one request on a new connection and reads the whole answer.
    func request(_ method: String, _ target: String, body: [UInt8] = []) throws -> (HTTPResponseHead, String) {
        let connection = try UnixHTTPConnection(path: socketPath)
        try connection.send(method: method, target: target, body: body)
        let head = try connection.readHead()
        let bytes = method == "HEAD" ? [] : try connection.readBody(head)
        return (head, String(decoding: bytes, as: UTF8.self))
    }

    /// The `message` of a Docker error body.
    static func message(_ body: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return object?["message"] as? String
    }
}
