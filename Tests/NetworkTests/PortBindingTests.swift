import BerthNetwork
import Testing

struct PortBindingTests {
    @Test func parsesEveryForm() throws {
        let full = try PortBinding(parsing: "127.0.0.1:8080-8081:80-81/udp")
        #expect(full.proto == .udp && full.hostIP?.description == "127.0.0.1")
        #expect(full.hostPorts == 8080...8081 && full.containerPorts == 80...81)
        let short = try PortBinding(parsing: "8080:80")
        #expect(short.hostIP == nil && short.hostPorts == 8080...8080 && short.proto == .tcp)
        let random = try PortBinding(parsing: "80")
        #expect(random.hostPorts == nil && random.containerPorts == 80...80)
        let randomOnIP = try PortBinding(parsing: "127.0.0.1::80")
        #expect(randomOnIP.hostPorts == nil && randomOnIP.hostIP?.description == "127.0.0.1")
        let v6 = try PortBinding(parsing: "[::1]:8080:80/tcp")
        #expect(v6.hostIP?.description == "::1" && v6.hostPorts == 8080...8080)
    }

    @Test(arguments: ["80/sctp", "0:80", "70000:80", "8080-8081:80-83", "a:b:c:d", "81-80", "x.y:80:80"])
    func rejectsBadSpecs(spec: String) {
        let error = #expect(throws: NetworkError.self) { try PortBinding(parsing: spec) }
        #expect(error?.message.hasPrefix("port \(spec):") == true)
    }
}
