import Foundation
import Testing

/// Malformed input to each kind of endpoint is a 400 with Docker's `{"message": ...}` body, naming
/// what is wrong, and nothing is made (checked by listing afterwards).
@Suite struct BadRequestTests {
    @Test(
        "bad requests are 400s with Docker's error body",
        arguments: [
            ("POST", "/containers/create", #"{"Image": "#, "JSON"),
            ("POST", "/containers/create", #"{"Image": 3}"#, "Image"),
            ("POST", "/containers/create?name=bad%20name", #"{"Image": "busybox"}"#, "name"),
            ("POST", "/images/create?fromImage=UPPER/Case", "", "UPPER/Case"),
            ("POST", "/containers/prune?filters=notjson", "", "filters"),
            ("GET", "/containers/json?filters=%7B%22label%22%3A3%7D", "", "filters"),
        ])
    func badRequest(method: String, target: String, body: String, expected: String) throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (head, answer) = try daemon.request(method, "/v1.44" + target, body: Array(body.utf8))
        #expect(head.status == 400, "\(method) \(target): \(head.status) \(answer)")
        let message = TestDaemon.message(answer) ?? ""
        #expect(message.contains(expected), "\(method) \(target): \(answer)")
        let (_, listed) = try daemon.request("GET", "/v1.44/containers/json?all=1")
        #expect(listed == "[]", "a bad request made a container: \(listed)")
    }
}
