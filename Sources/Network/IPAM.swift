/// Address management for one subnet of one network: which addresses are handed out. Pure and
/// value-typed; `NetworkManager` keeps one per network under its lock and persists it.
package struct IPAM: Hashable, Sendable, Codable {
    /// The network's subnet.
    package var subnet: Subnet
    /// The block dynamic addresses come from (the whole subnet when not narrowed).
    package var range: Subnet
    /// The gateway (the bridge's address), never handed out.
    package var gateway: IPAddress
    /// Addresses in use, with their owner (a container ID).
    package var allocated: [IPAddress: String] = [:]

    /// Checks that `range` and `gateway` lie in `subnet`; `network` names the network in errors.
    package init(network: String, subnet: Subnet, range: Subnet?, gateway: IPAddress?) throws(NetworkError) {
        guard subnet.hostBits >= 2 else {
            throw NetworkError(
                .invalidArgument, "network \"\(network)\": subnet \(subnet) is too small (no host addresses)")
        }
        let range = range ?? subnet
        guard range.family == subnet.family, range.prefixLength >= subnet.prefixLength, subnet.contains(range.address)
        else {
            throw NetworkError(
                .invalidArgument, "network \"\(network)\": ip_range \(range) is not inside subnet \(subnet)")
        }
        let gateway = gateway ?? subnet.address.advanced(by: 1)
        guard subnet.contains(gateway), gateway != subnet.address,
            !(subnet.family == .v4 && gateway == subnet.lastAddress)
        else {
            throw NetworkError(
                .invalidArgument, "network \"\(network)\": gateway \(gateway) is not a host address of subnet \(subnet)"
            )
        }
        self.subnet = subnet
        self.range = range
        self.gateway = gateway
    }

    /// Whether `address` can be given to a container at all (inside the subnet, not reserved).
    package func isUsable(_ address: IPAddress) -> Bool {
        subnet.contains(address) && address != subnet.address && address != gateway
            && !(subnet.family == .v4 && address == subnet.lastAddress)
    }

    /// Reserves `requested` (or the first free address of the range) for `owner`.
    package mutating func allocate(_ requested: IPAddress? = nil, owner: String, network: String) throws(NetworkError)
        -> IPAddress
    {
        if let requested {
            guard isUsable(requested) else {
                throw NetworkError(
                    .invalidArgument,
                    "network \"\(network)\": address \(requested) is not a usable address of subnet \(subnet)")
            }
            guard allocated[requested] == nil else {
                throw NetworkError(.conflict, "network \"\(network)\": address \(requested) is already in use")
            }
            allocated[requested] = owner
            return requested
        }
        // Bounded: at most 2^20 probes, so a huge IPv6 range never loops for long.
        let limit = min(range.size, UInt128(1) << 20)
        var offset = UInt128(0)
        while offset < limit {
            let candidate = range.address.advanced(by: offset)
            if isUsable(candidate) && allocated[candidate] == nil {
                allocated[candidate] = owner
                return candidate
            }
            offset += 1
        }
        throw NetworkError(.exhausted, "network \"\(network)\": no free address left in \(range)")
    }

    /// Frees every address held by `owner`.
    package mutating func release(owner: String) {
        allocated = allocated.filter { $0.value != owner }
    }
}
