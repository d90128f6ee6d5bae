/// IP addresses and subnets: static service addresses must be addresses, IPAM subnets must be CIDRs,
/// and a gateway or range must lie inside its subnet's family.
enum AddressChecks {
    static func service(_ service: YAMLNode, path: String) -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        for network in service["networks"]?.entries ?? [] {
            for (key, isV6) in [("ipv4_address", false), ("ipv6_address", true)] {
                guard let node = network.value[key], let text = node.scalar else { continue }
                let valid = isV6 ? Canonical.IPAddressSyntax.isIPv6(text) : Canonical.IPAddressSyntax.isIPv4(text[...])
                if !valid {
                    diagnostics.append(
                        SpecDiagnostic(
                            .invalidValue, "\(text) is not a valid \(isV6 ? "IPv6" : "IPv4") address",
                            at: node.location,
                            path: "\(path).networks.\(network.key).\(key)"))
                }
            }
        }
        return diagnostics
    }

    static func networks(_ document: YAMLNode) -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        for network in document["networks"]?.entries ?? [] {
            for (index, pool) in (network.value["ipam"]?["config"]?.items ?? []).enumerated() {
                let path = "networks.\(network.key).ipam.config[\(index)]"
                diagnostics += checkPool(pool, path: path)
            }
        }
        return diagnostics
    }

    private static func checkPool(_ pool: YAMLNode, path: String) -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        var family: Bool?  // true for IPv6
        for key in ["subnet", "ip_range"] {
            guard let node = pool[key], let text = node.scalar else { continue }
            guard let isV6 = cidrFamily(text) else {
                diagnostics.append(
                    SpecDiagnostic(
                        .invalidValue, "\(key) \(text) is not a CIDR (expected ADDRESS/PREFIX, e.g. 172.28.0.0/16)",
                        at: node.location, path: "\(path).\(key)"))
                continue
            }
            family = family ?? isV6
        }
        if let node = pool["gateway"], let text = node.scalar {
            let isV4 = Canonical.IPAddressSyntax.isIPv4(text[...])
            let isV6 = Canonical.IPAddressSyntax.isIPv6(text)
            if !(isV4 || isV6) || (family.map { $0 != isV6 } ?? false) {
                diagnostics.append(
                    SpecDiagnostic(
                        .invalidValue, "gateway \(text) is not an address of the subnet's IP family",
                        at: node.location, path: "\(path).gateway"))
            }
        }
        return diagnostics
    }

    /// nil when `text` is not ADDRESS/PREFIX; otherwise whether it is IPv6.
    private static func cidrFamily(_ text: String) -> Bool? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]) else { return nil }
        if Canonical.IPAddressSyntax.isIPv4(parts[0]) && (0...32).contains(prefix) { return false }
        if Canonical.IPAddressSyntax.isIPv6(String(parts[0])) && (0...128).contains(prefix) { return true }
        return nil
    }
}
