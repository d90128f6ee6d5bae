/// One iptables rule berth made: its table, chain and match/target arguments (as after
/// `-A CHAIN`). Stored with the network or container that owns it, so removal deletes exactly it.
package struct FirewallRule: Sendable, Codable, Hashable, CustomStringConvertible {
    package var table: String
    package var chain: String
    package var arguments: [String]

    /// A rule in `table`/`chain`.
    package init(_ table: String, _ chain: String, _ arguments: [String]) {
        self.table = table
        self.chain = chain
        self.arguments = arguments
    }

    package var description: String { "-t \(table) -A \(chain) \(arguments.joined(separator: " "))" }
}

/// The names of berth's own chains; every rule berth makes lives in them, and the only rules it
/// adds to the built-in chains are the jumps into them.
package struct FirewallChains: Sendable, Codable, Hashable {
    /// Chain name prefix, e.g. `BERTH` (tests use their own).
    package var prefix: String

    /// Chains named `prefix-...`.
    package init(prefix: String) { self.prefix = prefix }

    /// nat: DNAT of published ports (jumped from PREROUTING and OUTPUT for local addresses).
    package var dnat: String { "\(prefix)-DNAT" }
    /// nat: masquerading (jumped from POSTROUTING).
    package var postrouting: String { "\(prefix)-POST" }
    /// filter: per-bridge accept/drop (jumped from FORWARD).
    package var forward: String { "\(prefix)-FWD" }
    /// filter: first isolation stage: traffic leaving a berth bridge for another interface.
    package var isolation1: String { "\(prefix)-ISO1" }
    /// filter: second isolation stage: drop when that interface is another berth bridge.
    package var isolation2: String { "\(prefix)-ISO2" }

    /// The chains with their tables, in creation order.
    var all: [(table: String, chain: String)] {
        [("nat", dnat), ("nat", postrouting), ("filter", forward), ("filter", isolation1), ("filter", isolation2)]
    }

    /// The jumps from built-in chains; inserted first in their chain (ISO1 before FWD).
    var jumps: [FirewallRule] {
        [
            FirewallRule("nat", "PREROUTING", ["-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat]),
            FirewallRule("nat", "OUTPUT", ["-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat]),
            FirewallRule("nat", "POSTROUTING", ["-j", postrouting]),
            FirewallRule("filter", "FORWARD", ["-j", forward]),
            FirewallRule("filter", "FORWARD", ["-j", isolation1]),
        ]
    }
}
