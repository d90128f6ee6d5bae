import BerthNetwork
import CNetwork
import Foundation
import Synchronization
import Testing

/// Isolation between networks must come from berth's firewall rules, not from the host having IP
/// forwarding off. The host's setting is not the test's to change, so the whole world (bridges,
/// iptables, the DNS servers) is made in a private network namespace of a dedicated thread, with
/// forwarding on there.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct NetworkIsolationTests {
    @Test func networksStayIsolatedWithForwardingOnAndOnlyBecauseOfTheRules() throws {
        try inPrivateNetworkNamespace {
            try withNetworkFixture { fixture in
                let manager = fixture.manager
                let netA = try manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-a"))
                let netB = try manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-b"))
                let inside = try fixture.namespace("in")
                let outside = try fixture.namespace("out")
                let server = try manager.connect(
                    containerID: inside.id, containerName: "in", namespacePath: inside.path, network: netA.name)
                _ = try manager.connect(
                    containerID: outside.id, containerName: "out", namespacePath: outside.path, network: netB.name)
                let target = try #require(server.ipv4Address).description
                let ping = ["ping", "-c1", "-W1", "-w2", target]

                #expect(try fixture.run(in: outside.path, ping).status != 0, "netB reached netA with forwarding on")
                // The control: without berth's chains the same packet is forwarded, so the rules above
                // are what isolated the networks.
                manager.firewall.uninstall()
                #expect(try fixture.run(in: outside.path, ping).status == 0, "forwarding is not on in the namespace")
                try manager.firewall.install()
            }
        }
    }
}

/// Runs `body` on a new thread that is moved into a fresh network namespace with loopback up and
/// IPv4 forwarding on; the namespace ends with the thread. Threads and processes started by `body`
/// inherit the namespace.
func inPrivateNetworkNamespace(_ body: @escaping @Sendable () throws -> Void) throws {
    let outcome = Mutex<Result<Void, any Error>?>(nil)
    let thread = Thread {
        let result = Result<Void, any Error> {
            // CLONE_NEWNET; Swift's Glibc hides unshare(2) behind _GNU_SOURCE.
            guard cnetwork_unshare(0x4000_0000) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EPERM) }
            try "1\n".write(toFile: "/proc/sys/net/ipv4/ip_forward", atomically: false, encoding: .utf8)
            let loopback = Process()
            loopback.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            loopback.arguments = ["link", "set", "lo", "up"]
            try loopback.run()
            loopback.waitUntilExit()
            try body()
        }
        outcome.withLock { $0 = result }
    }
    thread.start()
    while outcome.withLock({ $0 == nil }) { usleep(10_000) }
    try outcome.withLock { $0 }?.get()
}
