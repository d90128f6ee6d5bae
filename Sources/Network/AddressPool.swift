/// A base block split into subnets of one size, from which networks without a subnet get one.
package struct AddressPool: Hashable, Sendable, Codable {
    /// The block to split, e.g. 172.17.0.0/16.
    package var base: Subnet
    /// The prefix length of each subnet handed out, e.g. 16 or 20.
    package var size: Int

    /// A pool that hands out `/size` subnets of `base`.
    package init(base: Subnet, size: Int) {
        self.base = base
        self.size = size
    }

    /// Docker's default pools: 172.17.0.0/16 .. 172.31.0.0/16 as /16s, then 192.168.0.0/16 as /20s.
    package static let defaults: [AddressPool] = {
        let high = (17...31).compactMap { try? Subnet(parsing: "172.\($0).0.0/16") }.map {
            AddressPool(base: $0, size: 16)
        }
        let low = (try? Subnet(parsing: "192.168.0.0/16")).map { [AddressPool(base: $0, size: 20)] } ?? []
        return high + low
    }()

    /// The first subnet of any pool, in order, that overlaps none of `taken`; nil when all are used.
    package static func allocate(from pools: [AddressPool], avoiding taken: [Subnet]) -> Subnet? {
        for pool in pools where pool.size >= pool.base.prefixLength && pool.size <= pool.base.address.bitWidth {
            let step = UInt128(1) << UInt128(pool.base.address.bitWidth - pool.size)
            let count = pool.size - pool.base.prefixLength >= 32 ? UInt128(1) << 32 : pool.base.size / step
            var index = UInt128(0)
            while index < count {
                let candidate = Subnet(
                    containing: pool.base.address.advanced(by: index * step), prefixLength: pool.size)
                if let clash = taken.first(where: { $0.overlaps(candidate) }) {
                    // Skip past the clash when it is larger than one candidate.
                    let clashEnd = clash.lastAddress.value
                    let next = (clashEnd &- pool.base.address.value) / step + 1
                    index = max(index + 1, next)
                    continue
                }
                return candidate
            }
        }
        return nil
    }
}
