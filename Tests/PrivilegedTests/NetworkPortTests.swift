import BerthNetwork
import Foundation
import Testing

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct NetworkPortTests {
    @Test func publishedPortAnswersFromLoopbackAndLeavesNoRule() throws {
        try withNetworkFixture { fixture in
            let net = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-p"))
            let ns = try fixture.namespace("web")
            _ = try fixture.manager.connect(
                containerID: ns.id, containerName: "web", namespacePath: ns.path, network: net.name)
            let site = "\(fixture.root)/site"
            try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
            try "hello from berth\n".write(toFile: "\(site)/index.html", atomically: true, encoding: .utf8)
            _ = try fixture.start(in: ns.path, ["httpd", "-f", "-p", "80", "-h", site])
            let ports = try fixture.manager.publish(
                containerID: ns.id, bindings: [try PortBinding(parsing: "127.0.0.1::80")])
            let port = try #require(ports.first)
            #expect(port.hostPort != 0)
            Thread.sleep(forTimeInterval: 0.2)
            // busybox-static's wget segfaults here; a raw HTTP request through nc does the same.
            let body = try fixture.runOnHost([
                "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | /bin/busybox nc 127.0.0.1 \(port.hostPort)",
            ])
            #expect(body.output.contains("hello from berth"), "\(body.output)")

            try fixture.manager.unpublish(containerID: ns.id)
            let rules = try fixture.rules(table: "nat", chain: fixture.manager.options.chains.dnat)
            #expect(rules.isEmpty, "\(rules)")
        }
    }

    @Test func portInUseIsAClearErrorAndLeavesNothing() throws {
        try withNetworkFixture { fixture in
            let net = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-q"))
            let ns = try fixture.namespace("web")
            _ = try fixture.manager.connect(
                containerID: ns.id, containerName: "web", namespacePath: ns.path, network: net.name)
            let first = try fixture.manager.publish(
                containerID: ns.id, bindings: [try PortBinding(parsing: "127.0.0.1::80")])
            let taken = try #require(first.first).hostPort
            let other = try fixture.namespace("other")
            _ = try fixture.manager.connect(
                containerID: other.id, containerName: "other", namespacePath: other.path, network: net.name)
            let before = try fixture.rules(table: "nat", chain: fixture.manager.options.chains.dnat)
            let error = #expect(throws: NetworkError.self) {
                _ = try fixture.manager.publish(
                    containerID: other.id, bindings: [try PortBinding(parsing: "127.0.0.1:\(taken):80")])
            }
            #expect(error?.code == .conflict)
            #expect(error?.message.contains("already in use") == true, "\(String(describing: error))")
            #expect(try fixture.rules(table: "nat", chain: fixture.manager.options.chains.dnat) == before)
            #expect(fixture.manager.publishedPorts(containerID: other.id).isEmpty)
        }
    }
}
