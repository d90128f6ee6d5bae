import BerthNetwork
import Foundation
import Testing

@Suite(
    "Networks: disconnect unpublishes, a new manager restores", .enabled(if: PrivilegedTrait.isRequested), .privileged,
    .serialized)
struct NetworkRestoreTests {
    /// docker: `docker network disconnect` drops the port mappings that went through that network.
    @Test func disconnectRemovesThePortsPublishedThroughThatNetwork() throws {
        try withNetworkFixture { fixture in
            let front = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-f"))
            let back = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-b"))
            let ns = try fixture.namespace("web")
            for network in [front.name, back.name] {
                _ = try fixture.manager.connect(
                    containerID: ns.id, containerName: "web", namespacePath: ns.path, network: network)
            }
            let published = try fixture.manager.publish(
                containerID: ns.id, bindings: [try PortBinding(parsing: "127.0.0.1::80")])
            let port = try #require(published.first)
            let dnat = fixture.manager.options.chains.dnat
            #expect(try !fixture.rules(table: "nat", chain: dnat).isEmpty)

            let through = port.networkID == front.id ? front : back
            let other = through.id == front.id ? back : front
            try fixture.manager.disconnect(containerID: ns.id, network: other.name)
            #expect(fixture.manager.publishedPorts(containerID: ns.id).count == 1, "a port on another network stays")

            try fixture.manager.disconnect(containerID: ns.id, network: through.name)
            #expect(fixture.manager.publishedPorts(containerID: ns.id).isEmpty)
            #expect(try fixture.rules(table: "nat", chain: dnat).isEmpty)
            // The host port is free again: another container can take exactly that port.
            let next = try fixture.namespace("next")
            _ = try fixture.manager.connect(
                containerID: next.id, containerName: "next", namespacePath: next.path, network: front.name)
            let again = try fixture.manager.publish(
                containerID: next.id, bindings: [try PortBinding(parsing: "127.0.0.1:\(port.hostPort):80")])
            #expect(again.first?.hostPort == port.hostPort)
        }
    }

    /// After a reboot the bridges are gone but the state says the networks exist; a daemon that
    /// starts again must find them usable (dockerd re-makes its bridges at start too).
    @Test func aNewManagerRemakesAMissingBridgeAndDropsDeadEndpoints() throws {
        try withNetworkFixture { fixture in
            let record = try fixture.manager.create(NetworkCreateRequest(name: "\(fixture.prefix)-r"))
            let ns = try fixture.namespace("gone")
            let endpoint = try fixture.manager.connect(
                containerID: ns.id, containerName: "gone", namespacePath: ns.path, network: record.name)
            let rules = fixture.manager.options.chains.forward
            let rulesBefore = try fixture.rules(table: "filter", chain: rules)
            // What a reboot does: the links and the rules vanish.
            try command("/usr/sbin/ip", ["link", "del", endpoint.hostInterface])
            try command("/usr/sbin/ip", ["link", "del", record.bridge])
            try command("/usr/sbin/iptables", ["-w", "-F", rules])
            fixture.manager.shutdown()

            let restarted = try NetworkManager(
                stateRoot: "\(fixture.root)/state", runRoot: "\(fixture.root)/run", options: fixture.manager.options)
            defer { restarted.shutdown() }
            let addresses = try command("/usr/sbin/ip", ["-4", "-o", "addr", "show", "dev", record.bridge])
            let gateway = try #require(record.ipv4?.gateway)
            #expect(addresses.contains("\(gateway)/"), "\(addresses)")
            #expect(try Set(fixture.rules(table: "filter", chain: rules)) == Set(rulesBefore))
            #expect(!rulesBefore.isEmpty)
            #expect(restarted.endpoints(containerID: ns.id).isEmpty)
            // The dead endpoint's address is free: the next container on the network gets it.
            let next = try fixture.namespace("next")
            let reused = try restarted.connect(
                containerID: next.id, containerName: "next", namespacePath: next.path, network: record.name)
            #expect(reused.ipv4Address == endpoint.ipv4Address)
            try restarted.disconnect(containerID: next.id, network: record.name)
        }
    }

    /// Runs a host command and returns its output; a failure is an error naming the command.
    @discardableResult
    private func command(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(path) \(arguments.joined(separator: " ")): \(output)")
        return output
    }
}
