import BerthNetwork
import Foundation
import Testing

/// Connect time through netlink vs the same steps with `ip` (medians of 20, printed; nothing is
/// asserted about time). Run with BERTH_NETWORK_BENCH=1.
@Suite(
    .enabled(if: PrivilegedTrait.isRequested && ProcessInfo.processInfo.environment["BERTH_NETWORK_BENCH"] == "1"),
    .privileged, .serialized)
struct NetworkConnectBenchmarkTests {
    @Test func connectWithNetlinkVersusIPCommands() throws {
        try withNetworkFixture { fixture in
            let net = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-bench"))
            var netlink: [Double] = []
            var disconnect: [Double] = []
            for index in 0..<20 {
                let ns = try fixture.namespace("n\(index)")
                let start = Date()
                _ = try fixture.manager.connect(
                    containerID: ns.id, containerName: "n\(index)", namespacePath: ns.path, network: net.name)
                netlink.append(Date().timeIntervalSince(start) * 1000)
                let stop = Date()
                try fixture.manager.disconnect(containerID: ns.id, network: net.name)
                disconnect.append(Date().timeIntervalSince(stop) * 1000)
            }
            let gateway = try #require(net.ipv4?.gateway)
            var naive: [Double] = []
            var batched: [Double] = []
            for index in 0..<20 {
                let ns = try fixture.namespace("i\(index)")
                let veth = "\(fixture.prefix)v\(index)x"
                let address = "\(net.ipv4?.subnet.address.advanced(by: UInt128(100 + index)) ?? gateway)/24"
                let host = [
                    "link add \(veth) mtu \(net.mtu) type veth peer name eth0 netns \(ns.path)",
                    "link set \(veth) master \(net.bridge) up",
                ]
                let inside = ["addr add \(address) dev eth0", "link set eth0 up", "route add default via \(gateway)"]
                var start = Date()
                for line in host { try run("/usr/sbin/ip " + line) }
                for line in inside { try run("/usr/bin/nsenter --net=\(ns.path) /usr/sbin/ip " + line) }
                naive.append(Date().timeIntervalSince(start) * 1000)
                try run("/usr/sbin/ip link del \(veth)")
                start = Date()
                try run(
                    "/usr/sbin/ip -batch \(try fixture.writeFile("host.batch", host.joined(separator: "\n") + "\n"))")
                let batch = try fixture.writeFile("inside.batch", inside.joined(separator: "\n") + "\n")
                try run("/usr/bin/nsenter --net=\(ns.path) /usr/sbin/ip -batch \(batch)")
                batched.append(Date().timeIntervalSince(start) * 1000)
                try run("/usr/sbin/ip link del \(veth)")
            }
            print("connect (netlink) median \(median(netlink)) ms, disconnect median \(median(disconnect)) ms")
            print("ip naive median \(median(naive)) ms, ip batched median \(median(batched)) ms")
        }
    }

    private func median(_ values: [Double]) -> String {
        let sorted = values.sorted()
        return String(format: "%.2f", sorted[sorted.count / 2])
    }

    /// Runs one command (split on spaces) directly, as a daemon forking `ip` would.
    private func run(_ command: String) throws {
        let words = command.split(separator: " ").map(String.init)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: words[0])
        process.arguments = Array(words.dropFirst())
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(command)")
    }
}
