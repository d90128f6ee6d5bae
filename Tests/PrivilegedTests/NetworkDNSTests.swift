import BerthNetwork
import Foundation
import Testing

/// The evidence: names, aliases and replicas on one network; isolation from another.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct NetworkDNSTests {
    @Test func containersReachEachOtherByServiceNameAndAliasButNotAcrossNetworks() throws {
        try withNetworkFixture { fixture in
            let manager = fixture.manager
            let netA = try manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-a"))
            let netB = try manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-b"))
            let gatewayA = try #require(netA.ipv4?.gateway)
            let gatewayB = try #require(netB.ipv4?.gateway)
            let c1 = try fixture.namespace("c1")
            let c2 = try fixture.namespace("c2")
            let c3 = try fixture.namespace("c3")
            _ = try manager.connect(
                containerID: c1.id, containerName: "app-1", namespacePath: c1.path, network: netA.name, aliases: ["app"]
            )
            let web = try manager.connect(
                containerID: c2.id, containerName: "web-1", namespacePath: c2.path, network: netA.name,
                aliases: ["web", "frontend"], hostname: "webhost")
            _ = try manager.connect(
                containerID: c3.id, containerName: "other-1", namespacePath: c3.path, network: netB.name)
            let webIP = try #require(web.ipv4Address).description

            for name in ["web", "frontend", "web-1", "webhost"] {
                let lookup = try fixture.run(in: c1.path, ["nslookup", name, "\(gatewayA)"])
                #expect(lookup.status == 0 && lookup.output.contains(webIP), "\(name): \(lookup.output)")
            }
            // Resolved through resolv.conf (the embedded server), then ping and TCP by name.
            let resolv = try fixture.writeFile("resolv-c1", manager.resolvConf(for: c1.id))
            #expect(try fixture.runWithResolvConf(in: c1.path, resolv, ["ping", "-c1", "-W2", "web"]).status == 0)
            #expect(try fixture.runWithResolvConf(in: c1.path, resolv, ["ping", "-c1", "-W2", "frontend"]).status == 0)
            let server = try fixture.start(in: c2.path, ["nc", "-l", "-p", "8080"])
            Thread.sleep(forTimeInterval: 0.2)
            let send = try fixture.runWithResolvConf(
                in: c1.path, resolv, ["sh", "-c", "echo hello-web | /bin/busybox nc -w 2 frontend 8080"])
            #expect(send.status == 0, "\(send.output)")
            fixture.finish(server, within: 5)
            let received = String(
                decoding: (server.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data(),
                as: UTF8.self)
            #expect(received.contains("hello-web"))

            // The third container, on another network: no name, no route.
            let foreign = try fixture.run(in: c3.path, ["nslookup", "web", "\(gatewayB)"])
            #expect(foreign.status != 0 && foreign.output.contains("NXDOMAIN"), "\(foreign.output)")
            let sneaky = try fixture.run(in: c3.path, ["nslookup", "-timeout=1", "-retry=0", "web", "\(gatewayA)"])
            #expect(sneaky.status != 0 && !sneaky.output.contains(webIP), "\(sneaky.output)")
            #expect(try fixture.run(in: c3.path, ["ping", "-c1", "-W1", "-w2", webIP]).status != 0)
            let tcp = try fixture.run(in: c3.path, ["sh", "-c", "echo x | /bin/busybox nc -w 1 \(webIP) 8080"])
            #expect(tcp.status != 0)

            let unknown = try fixture.run(in: c1.path, ["nslookup", "nosuchname", "\(gatewayA)"])
            #expect(unknown.output.contains("NXDOMAIN"), "\(unknown.output)")
        }
    }

    @Test func replicasOfOneServiceAllAppearInDNS() throws {
        try withNetworkFixture { fixture in
            let net = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-r"))
            let gateway = try #require(net.ipv4?.gateway)
            var addresses: [String] = []
            for index in 1...2 {
                let ns = try fixture.namespace("r\(index)")
                let endpoint = try fixture.manager.connect(
                    containerID: ns.id, containerName: "svc-\(index)", namespacePath: ns.path, network: net.name,
                    aliases: ["svc"])
                addresses.append(try #require(endpoint.ipv4Address).description)
            }
            let probe = try fixture.namespace("probe")
            _ = try fixture.manager.connect(
                containerID: probe.id, containerName: "probe", namespacePath: probe.path, network: net.name)
            let lookup = try fixture.run(in: probe.path, ["nslookup", "svc", "\(gateway)"])
            for address in addresses { #expect(lookup.output.contains(address), "\(lookup.output)") }
        }
    }
}
