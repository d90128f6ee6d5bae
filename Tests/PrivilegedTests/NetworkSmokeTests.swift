import BerthNetwork
import Foundation
import Testing

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct NetworkSmokeTests {
    @Test func containerReachesItsGatewayAndIsCleanedUp() throws {
        var prefix = ""
        try withNetworkFixture { fixture in
            prefix = fixture.prefix
            let record = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-a"))
            let gateway = try #require(record.ipv4?.gateway)
            let ns = try fixture.namespace("c1")
            let endpoint = try fixture.manager.connect(
                containerID: ns.id, containerName: "c1", namespacePath: ns.path, network: record.name)
            #expect(endpoint.interfaceName == "eth0")
            let ping = try fixture.run(in: ns.path, ["ping", "-c1", "-W1", "\(gateway)"])
            #expect(ping.status == 0, "\(ping.output)")
        }
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter {
            $0.hasPrefix(prefix)
        }
        #expect(left.isEmpty)
    }
}
