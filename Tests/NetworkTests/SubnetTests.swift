import BerthNetwork
import Testing

struct SubnetTests {
    @Test func parsesIPv4CIDR() throws {
        let subnet = try Subnet(parsing: "172.20.0.0/16")
        #expect(subnet.description == "172.20.0.0/16")
        #expect(subnet.lastAddress.description == "172.20.255.255")
        #expect(subnet.contains(try #require(IPAddress("172.20.3.4"))))
        #expect(!subnet.contains(try #require(IPAddress("172.21.0.1"))))
    }

    @Test func parsesIPv6CIDR() throws {
        let subnet = try Subnet(parsing: "fd00:1::/64")
        #expect(subnet.description == "fd00:1::/64")
        #expect(subnet.contains(try #require(IPAddress("fd00:1::42"))))
    }

    @Test(arguments: [
        ("10.0.0.0/33", "prefix length must be 0-32"),
        ("10.0.0.5/24", "host bits are set; did you mean 10.0.0.0/24?"),
        ("10.0.0/24", "expected CIDR notation such as 172.20.0.0/16"),
        ("10.0.0.0", "expected CIDR notation such as 172.20.0.0/16"),
        ("10.0.0.0/x", "prefix length must be 0-32"),
    ])
    func malformedSubnetsAreNamedErrors(text: String, message: String) {
        let error = #expect(throws: NetworkError.self) { try Subnet(parsing: text, field: "network \"n\": subnet") }
        #expect(error?.message == "network \"n\": subnet \(text): \(message)")
    }

    @Test func overlapIsSymmetricAndFamilyAware() throws {
        let big = try Subnet(parsing: "10.0.0.0/8")
        let small = try Subnet(parsing: "10.3.0.0/16")
        let other = try Subnet(parsing: "192.168.0.0/16")
        #expect(big.overlaps(small) && small.overlaps(big))
        #expect(!big.overlaps(other))
        #expect(!big.overlaps(try Subnet(parsing: "::/0")))
    }
}

struct AddressPoolTests {
    @Test func defaultsStartLikeDocker() {
        let first = AddressPool.allocate(from: AddressPool.defaults, avoiding: [])
        #expect(first?.description == "172.17.0.0/16")
    }

    @Test func skipsTakenAndRoutedSubnets() throws {
        let taken = [try Subnet(parsing: "172.17.0.0/16"), try Subnet(parsing: "172.18.5.0/24")]
        #expect(AddressPool.allocate(from: AddressPool.defaults, avoiding: taken)?.description == "172.19.0.0/16")
    }

    @Test func splitsSmallerAndReportsExhaustion() throws {
        let pool = AddressPool(base: try Subnet(parsing: "192.168.0.0/22"), size: 24)
        var taken: [Subnet] = []
        for expected in ["192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24", "192.168.3.0/24"] {
            let next = try #require(AddressPool.allocate(from: [pool], avoiding: taken))
            #expect(next.description == expected)
            taken.append(next)
        }
        #expect(AddressPool.allocate(from: [pool], avoiding: taken) == nil)
    }
}

struct IPAMTests {
    @Test func allocatesInOrderSkippingGatewayAndNeverTwice() throws {
        var ipam = try IPAM(network: "n", subnet: try Subnet(parsing: "10.9.0.0/29"), range: nil, gateway: nil)
        #expect(ipam.gateway.description == "10.9.0.1")
        let first = try ipam.allocate(owner: "a", network: "n")
        let second = try ipam.allocate(owner: "b", network: "n")
        #expect(first.description == "10.9.0.2" && second.description == "10.9.0.3")
        ipam.release(owner: "a")
        #expect(try ipam.allocate(owner: "c", network: "n").description == "10.9.0.2")
    }

    @Test func staticAddressesAreCheckedAndExhaustionIsAnError() throws {
        var ipam = try IPAM(network: "n", subnet: try Subnet(parsing: "10.9.0.0/30"), range: nil, gateway: nil)
        let outside = #expect(throws: NetworkError.self) {
            try ipam.allocate(IPAddress("10.9.1.2"), owner: "x", network: "n")
        }
        #expect(outside?.code == .invalidArgument)
        _ = try ipam.allocate(IPAddress("10.9.0.2"), owner: "x", network: "n")
        let taken = #expect(throws: NetworkError.self) {
            try ipam.allocate(IPAddress("10.9.0.2"), owner: "y", network: "n")
        }
        #expect(taken?.message == "network \"n\": address 10.9.0.2 is already in use")
        let full = #expect(throws: NetworkError.self) { try ipam.allocate(owner: "z", network: "n") }
        #expect(full?.code == .exhausted)
    }

    @Test func rangeAndGatewayMustLieInTheSubnet() throws {
        let subnet = try Subnet(parsing: "10.9.0.0/24")
        #expect(throws: NetworkError.self) {
            try IPAM(network: "n", subnet: subnet, range: try Subnet(parsing: "10.8.0.0/25"), gateway: nil)
        }
        #expect(throws: NetworkError.self) {
            try IPAM(network: "n", subnet: subnet, range: nil, gateway: IPAddress("10.9.0.255"))
        }
        var ranged = try IPAM(network: "n", subnet: subnet, range: try Subnet(parsing: "10.9.0.128/25"), gateway: nil)
        #expect(try ranged.allocate(owner: "a", network: "n").description == "10.9.0.128")
    }
}
