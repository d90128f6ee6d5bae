import BerthNetwork
import Foundation
import Synchronization
import Testing

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct NetworkLifecycleTests {
    @Test func badInputIsAClearErrorAndLeavesNothing() throws {
        try withNetworkFixture { fixture in
            let manager = fixture.manager
            let net = try manager.create(
                NetworkCreateRequest(name: "\(fixture.prefix)-ok", ipam: [.init(subnet: fixture.subnet(7))]))
            let cases: [(NetworkCreateRequest, NetworkError.Code, String)] = [
                (
                    NetworkCreateRequest(name: "\(fixture.prefix)-o", ipam: [.init(subnet: fixture.subnet(7))]),
                    .conflict, "overlaps"
                ),
                (
                    NetworkCreateRequest(name: "\(fixture.prefix)-m", ipam: [.init(subnet: "10.1.0.0/33")]),
                    .invalidArgument, "prefix length"
                ),
                (
                    NetworkCreateRequest(name: "\(fixture.prefix)-h", ipam: [.init(subnet: "10.1.2.3/24")]),
                    .invalidArgument, "host bits"
                ),
                (
                    NetworkCreateRequest(name: "\(fixture.prefix)-g", ipam: [.init(subnet: "bogus")]), .invalidArgument,
                    "CIDR"
                ),
                (NetworkCreateRequest(name: "\(fixture.prefix)-ok"), .conflict, "already exists"),
            ]
            for (request, code, words) in cases {
                let error = #expect(throws: NetworkError.self) { _ = try manager.create(request) }
                #expect(error?.code == code && error?.message.contains(words) == true, "\(String(describing: error))")
            }
            #expect(manager.list().map(\.name) == [net.name])
            let bridges = fixture.leftoverInterfaces().filter { $0.hasPrefix("\(fixture.prefix)b") }
            #expect(bridges == [net.bridge])

            let ns = try fixture.namespace("bad")
            let connects: [(String?, String, NetworkError.Code)] = [
                ("10.250.250.5", net.name, .invalidArgument),
                (nil, "no-such-network-\(fixture.prefix)", .notFound),
            ]
            for (address, network, code) in connects {
                let error = #expect(throws: NetworkError.self) {
                    _ = try manager.connect(
                        containerID: ns.id, containerName: "bad", namespacePath: ns.path, network: network,
                        ipv4Address: address)
                }
                #expect(error?.code == code, "\(String(describing: error))")
            }
            let other = try fixture.namespace("first")
            let taken = try manager.connect(
                containerID: other.id, containerName: "first", namespacePath: other.path, network: net.name)
            let error = #expect(throws: NetworkError.self) {
                _ = try manager.connect(
                    containerID: ns.id, containerName: "bad", namespacePath: ns.path, network: net.name,
                    ipv4Address: taken.ipv4Address?.description)
            }
            #expect(error?.code == .conflict && error?.message.contains("already in use") == true)
            #expect(try manager.inspect(net.name).ipv4?.allocated.count == 1)
            #expect(fixture.leftoverInterfaces().filter { $0.hasPrefix("\(fixture.prefix)v") }.count == 1)
        }
    }

    @Test func removalLeavesNoBridgeVethRuleOrAllocation() throws {
        try withNetworkFixture { fixture in
            let manager = fixture.manager
            let net = try manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-x"))
            let ns = try fixture.namespace("x")
            _ = try manager.connect(containerID: ns.id, containerName: "x", namespacePath: ns.path, network: net.name)
            _ = try manager.publish(containerID: ns.id, bindings: [try PortBinding(parsing: "127.0.0.1::80/udp")])
            #expect(throws: NetworkError.self) { try manager.remove(net.name) }
            try manager.unpublish(containerID: ns.id)
            try manager.disconnect(containerID: ns.id, network: net.name)
            #expect(try manager.inspect(net.name).ipv4?.allocated.isEmpty == true)
            try manager.remove(net.name)
            #expect(fixture.leftoverInterfaces().isEmpty)
            let chains = manager.options.chains
            for (table, chain) in [
                ("nat", chains.dnat), ("nat", chains.postrouting), ("filter", chains.forward),
                ("filter", chains.isolation1), ("filter", chains.isolation2),
            ] {
                #expect(try fixture.rules(table: table, chain: chain).isEmpty, "\(chain)")
            }
            #expect(manager.list().isEmpty)
        }
    }

    @Test func concurrentConnectsGetDistinctAddressesAndStateSurvivesARestart() throws {
        try withNetworkFixture { fixture in
            let net = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-c"))
            let spaces = try (0..<8).map { try fixture.namespace("p\($0)") }
            let results = Mutex<[String]>([])
            let manager = fixture.manager
            DispatchQueue.concurrentPerform(iterations: spaces.count) { index in
                let ns = spaces[index]
                if let endpoint = try? manager.connect(
                    containerID: ns.id, containerName: "p\(index)", namespacePath: ns.path, network: net.name),
                    let address = endpoint.ipv4Address
                {
                    results.withLock { $0.append(address.description) }
                }
            }
            let addresses = results.withLock { $0 }
            #expect(addresses.count == spaces.count)
            #expect(Set(addresses).count == spaces.count)
            var options = fixture.manager.options
            options.dnsPort = 0
            let restarted = try NetworkManager(
                stateRoot: fixture.manager.stateRoot, runRoot: fixture.manager.runRoot, options: options)
            defer { restarted.shutdown() }
            #expect(try restarted.inspect(net.name).ipv4?.allocated.count == spaces.count)
            #expect(try restarted.inspect(net.name).endpoints.count == spaces.count)
        }
    }

    @Test func internalNetworkGetsNoDefaultRoute() throws {
        try withNetworkFixture { fixture in
            let net = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-i", isInternal: true))
            let ns = try fixture.namespace("i")
            let endpoint = try fixture.manager.connect(
                containerID: ns.id, containerName: "i", namespacePath: ns.path, network: net.name)
            #expect(!endpoint.isDefaultRoute)
            let routes = try fixture.run(in: ns.path, ["ip", "route"])
            #expect(!routes.output.contains("default"), "\(routes.output)")
            #expect(
                try fixture.run(in: ns.path, ["ping", "-c1", "-W1", "\(try #require(net.ipv4?.gateway))"]).status == 0)
        }
    }
}

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct NetworkIPv6Tests {
    @Test func dualStackEndpointGetsBothAddressesAndAAAA() throws {
        try withNetworkFixture { fixture in
            let third = Int.random(in: 0x100...0xFFFF)
            let v6 = "fd00:\(String(third, radix: 16))::/64"
            let net = try fixture.manager.create(
                NetworkCreateRequest(name: "\(fixture.prefix)-6", ipam: [.init(subnet: v6)], enableIPv6: true))
            let gateway6 = try #require(net.ipv6?.gateway)
            let ns = try fixture.namespace("six")
            let endpoint = try fixture.manager.connect(
                containerID: ns.id, containerName: "six", namespacePath: ns.path, network: net.name)
            let address6 = try #require(endpoint.ipv6Address)
            let addresses = try fixture.run(in: ns.path, ["ip", "-6", "addr", "show", "dev", "eth0"])
            #expect(addresses.output.contains(address6.description), "\(addresses.output)")
            #expect(try fixture.run(in: ns.path, ["ping", "-6", "-c1", "-W2", "\(gateway6)"]).status == 0)
            let lookup = try fixture.run(
                in: ns.path, ["nslookup", "-type=AAAA", "six", "\(try #require(net.ipv4?.gateway))"])
            #expect(lookup.output.contains(address6.description), "\(lookup.output)")
            try fixture.manager.removeContainer(containerID: ns.id)
            #expect(fixture.manager.endpoints(containerID: ns.id).isEmpty)
            #expect(try fixture.manager.inspect(net.name).ipv6?.allocated.isEmpty == true)
        }
    }
}
