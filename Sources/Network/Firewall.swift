import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Adds and deletes berth's iptables rules (Debian's iptables is the nft backend), in batches
/// through one `iptables-restore --noflush` run per operation. Never touches a policy or a rule
/// it did not make.
package struct Firewall: Sendable {
    /// berth's chain names.
    package let chains: FirewallChains
    private let iptables: String
    private let restore: String

    /// A firewall using `chains`; finds iptables in /usr/sbin or /sbin.
    package init(chains: FirewallChains) {
        self.chains = chains
        let directory = ["/usr/sbin", "/sbin"].first { access("\($0)/iptables", X_OK) == 0 } ?? "/usr/sbin"
        iptables = "\(directory)/iptables"
        restore = "\(directory)/iptables-restore"
    }

    /// Creates berth's chains and the jumps into them when missing (idempotent).
    package func install() throws(NetworkError) {
        for (table, chain) in chains.all where try !exists(table: table, chain: chain) {
            try check(run([iptables, "-w", "-t", table, "-N", chain]), "create chain \(chain)")
        }
        for jump in chains.jumps where try !exists(jump) {
            try check(run([iptables, "-w", "-t", jump.table, "-I", jump.chain, "1"] + jump.arguments), "add \(jump)")
        }
    }

    /// Deletes the jumps and berth's chains with whatever they still hold (for tests and
    /// `berth system prune`-style clean-up).
    package func uninstall() {
        for jump in chains.jumps { while (try? exists(jump)) == true { _ = try? delete([jump]) } }
        for (table, chain) in chains.all {
            _ = try? run([iptables, "-w", "-t", table, "-F", chain])
            _ = try? run([iptables, "-w", "-t", table, "-X", chain])
        }
    }

    /// Appends `rules` in one batch; on failure none of them stays (iptables-restore is atomic).
    package func add(_ rules: [FirewallRule]) throws(NetworkError) {
        guard !rules.isEmpty else { return }
        try check(run([restore, "-w", "--noflush"], input: script(rules, verb: "-A")), "add rules")
    }

    /// Deletes `rules` in one batch, or one by one when the batch fails (some were already gone).
    package func delete(_ rules: [FirewallRule]) throws(NetworkError) {
        guard !rules.isEmpty else { return }
        if (try run([restore, "-w", "--noflush"], input: script(rules, verb: "-D"))).status == 0 { return }
        for rule in rules where try exists(rule) {
            try check(run([iptables, "-w", "-t", rule.table, "-D", rule.chain] + rule.arguments), "delete \(rule)")
        }
    }

    /// Whether `rule` is present.
    package func exists(_ rule: FirewallRule) throws(NetworkError) -> Bool {
        try run([iptables, "-w", "-t", rule.table, "-C", rule.chain] + rule.arguments).status == 0
    }

    private func exists(table: String, chain: String) throws(NetworkError) -> Bool {
        try run([iptables, "-w", "-t", table, "-S", chain]).status == 0
    }

    private func script(_ rules: [FirewallRule], verb: String) -> String {
        var text = ""
        for table in Set(rules.map(\.table)).sorted() {
            text += "*\(table)\n"
            for rule in rules where rule.table == table {
                text += ([verb, rule.chain] + rule.arguments).joined(separator: " ") + "\n"
            }
            text += "COMMIT\n"
        }
        return text
    }

    private func run(_ arguments: [String], input: String = "") throws(NetworkError) -> ToolRunner.Result {
        try ToolRunner.run(arguments, input: input)
    }

    private func check(_ result: ToolRunner.Result, _ what: String) throws(NetworkError) {
        guard result.status != 0 else { return }
        let detail = result.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        throw NetworkError(.firewall, "iptables: cannot \(what): \(detail)")
    }
}
