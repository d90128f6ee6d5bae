/// The rules for a network and for a published port (pure: tests compare them).
package enum FirewallRules {
    /// Isolation from other berth bridges, forwarding, masquerading, and loopback masquerading
    /// for published ports reached from 127.0.0.1 (the bridge has route_localnet on).
    package static func network(_ record: NetworkRecord, chains: FirewallChains) -> [FirewallRule] {
        let bridge = record.bridge
        var rules = [
            FirewallRule("filter", chains.isolation1, ["-i", bridge, "!", "-o", bridge, "-j", chains.isolation2]),
            FirewallRule("filter", chains.isolation2, ["-o", bridge, "-j", "DROP"]),
        ]
        if record.isInternal {
            rules += [
                FirewallRule("filter", chains.forward, ["-i", bridge, "!", "-o", bridge, "-j", "DROP"]),
                FirewallRule("filter", chains.forward, ["!", "-i", bridge, "-o", bridge, "-j", "DROP"]),
                FirewallRule("filter", chains.forward, ["-i", bridge, "-o", bridge, "-j", "ACCEPT"]),
            ]
            return rules
        }
        rules += [
            FirewallRule("filter", chains.forward, ["-i", bridge, "-j", "ACCEPT"]),
            FirewallRule(
                "filter", chains.forward,
                ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"]),
            FirewallRule("nat", chains.postrouting, ["-s", "127.0.0.0/8", "-o", bridge, "-j", "MASQUERADE"]),
        ]
        if record.masquerades, let ipv4 = record.ipv4 {
            rules.append(
                FirewallRule(
                    "nat", chains.postrouting, ["-s", ipv4.subnet.description, "!", "-o", bridge, "-j", "MASQUERADE"]))
        }
        return rules
    }

    /// DNAT of the host port to the container, and the forward accept for traffic from outside.
    package static func port(_ port: PublishedPort, bridge: String, chains: FirewallChains) -> [FirewallRule] {
        let proto = port.proto.rawValue
        var match: [String] = []
        if port.hostIP.value != 0 { match += ["-d", "\(port.hostIP)/32"] }
        match += ["!", "-i", bridge, "-p", proto, "-m", proto, "--dport", "\(port.hostPort)"]
        let target = "\(port.containerIP):\(port.containerPort)"
        return [
            FirewallRule("nat", chains.dnat, match + ["-j", "DNAT", "--to-destination", target]),
            FirewallRule(
                "filter", chains.forward,
                [
                    "-d", "\(port.containerIP)/32", "!", "-i", bridge, "-o", bridge, "-p", proto, "-m", proto,
                    "--dport", "\(port.containerPort)", "-j", "ACCEPT",
                ]),
        ]
    }
}
