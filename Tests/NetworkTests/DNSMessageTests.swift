import BerthNetwork
import Testing

struct DNSMessageTests {
    @Test func queryRoundTrips() throws {
        let query = DNSMessage(
            id: 0x1234, flags: 0x0100, questions: [.init(name: "web", type: DNSMessage.RecordType.a)])
        let bytes = query.encoded()
        #expect(bytes.prefix(12) == [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[12...]) == [3, 0x77, 0x65, 0x62, 0, 0, 1, 0, 1])
        #expect(DNSMessage(decoding: bytes) == query)
    }

    @Test func responseCarriesAnswersAndFlags() throws {
        let query = DNSMessage(id: 7, flags: 0x0100, questions: [.init(name: "web", type: DNSMessage.RecordType.a)])
        let address = try #require(IPAddress("10.0.0.2"))
        let response = DNSMessage.response(to: query, code: 0, answers: [.address("web", address)])
        let decoded = try #require(DNSMessage(decoding: response.encoded()))
        #expect(decoded.isResponse && decoded.responseCode == 0 && decoded.flags & 0x0100 != 0)
        #expect(decoded.answers.first?.data == [10, 0, 0, 2])
    }

    @Test func decodesCompressedNamesAndRejectsTruncation() {
        // Header, question "a.b" A IN, answer with a pointer to offset 12.
        let bytes: [UInt8] = [
            0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0x61, 1, 0x62, 0, 0, 1, 0, 1,
            0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4,
        ]
        let message = DNSMessage(decoding: bytes)
        #expect(message?.answers.first?.name == "a.b")
        #expect(message?.answers.first?.ttl == 60)
        #expect(DNSMessage(decoding: Array(bytes.prefix(30))) == nil)
        #expect(DNSMessage(decoding: [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12]) == nil)
    }
}

struct DNSZoneTests {
    func endpoint(_ id: String, _ name: String, _ ip: String, aliases: [String]) -> Endpoint {
        Endpoint(
            containerID: id, containerName: name, networkID: "n", networkName: "n", interfaceName: "eth0",
            hostInterface: "veth", namespacePath: "/x", macAddress: "02:42:00:00:00:00", ipv4Address: IPAddress(ip),
            ipv4Prefix: 24, ipv6Address: nil, ipv6Prefix: 0, gateway: IPAddress("10.0.0.1"), aliases: aliases,
            hostname: nil, isDefaultRoute: true)
    }

    @Test func answersNamesAliasesReplicasRotatedAndPTR() throws {
        let zone = DNSZone(
            subnets: [try Subnet(parsing: "10.0.0.0/24")],
            endpoints: [
                endpoint("aaa", "svc-1", "10.0.0.2", aliases: ["svc"]),
                endpoint("bbb", "svc-2", "10.0.0.3", aliases: ["svc"]),
            ])
        let a = DNSMessage.Question(name: "SVC.", type: DNSMessage.RecordType.a)
        guard case .records(let first) = zone.answer(a, rotation: 0),
            case .records(let second) = zone.answer(a, rotation: 1)
        else { Issue.record("no records"); return }
        #expect(first.map(\.data) == [[10, 0, 0, 2], [10, 0, 0, 3]])
        #expect(second.map(\.data) == [[10, 0, 0, 3], [10, 0, 0, 2]])
        #expect(zone.answer(.init(name: "svc-1", type: DNSMessage.RecordType.aaaa), rotation: 0) == .records([]))
        #expect(zone.answer(.init(name: "nosuch", type: DNSMessage.RecordType.a), rotation: 0) == .nameError)
        #expect(zone.answer(.init(name: "example.com", type: DNSMessage.RecordType.a), rotation: 0) == .forward)
        let ptr = zone.answer(.init(name: "3.0.0.10.in-addr.arpa", type: DNSMessage.RecordType.ptr), rotation: 0)
        #expect(ptr == .records([.pointer("3.0.0.10.in-addr.arpa", to: "svc-2")]))
        #expect(
            zone.answer(.init(name: "9.0.0.10.in-addr.arpa", type: DNSMessage.RecordType.ptr), rotation: 0)
                == .nameError)
    }
}

struct FirewallRulesTests {
    @Test func publishedPortRulesDNATAndAccept() throws {
        let port = PublishedPort(
            proto: .tcp, hostIP: try #require(IPAddress("127.0.0.1")), hostPort: 8080,
            containerIP: try #require(IPAddress("10.0.0.2")), containerPort: 80, networkID: "n")
        let rules = FirewallRules.port(port, bridge: "br-1", chains: FirewallChains(prefix: "T"))
        #expect(
            rules.map(\.description) == [
                "-t nat -A T-DNAT -d 127.0.0.1/32 ! -i br-1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80",
                "-t filter -A T-FWD -d 10.0.0.2/32 ! -i br-1 -o br-1 -p tcp -m tcp --dport 80 -j ACCEPT",
            ])
    }
}
