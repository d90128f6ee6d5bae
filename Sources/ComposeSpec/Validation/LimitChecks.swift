/// Resource limits that contradict each other: a reservation above its limit, or a swap limit below the
/// memory limit. The kernel would refuse them at container start; saying so here names the lines.
struct LimitChecks {
    let service: YAMLNode
    let path: String

    func run() -> [SpecDiagnostic] {
        var diagnostics: [SpecDiagnostic] = []
        let resources = service["deploy"]?["resources"]
        let limits = resources?["limits"]
        let reservations = resources?["reservations"]
        diagnostics += compare(
            reservations?["memory"], above: limits?["memory"], parse: bytes,
            "memory reservation is greater than the memory limit", at: "\(path).deploy.resources.reservations.memory")
        diagnostics += compare(
            reservations?["cpus"], above: limits?["cpus"], parse: { $0.scalar.flatMap(Double.init) },
            "cpus reservation is greater than the cpus limit", at: "\(path).deploy.resources.reservations.cpus")
        diagnostics += compare(
            service["mem_reservation"], above: service["mem_limit"], parse: bytes,
            "mem_reservation is greater than mem_limit", at: "\(path).mem_reservation")
        if let swap = service["memswap_limit"], bytes(swap).map({ $0 >= 0 }) == true {
            // memswap_limit counts memory plus swap, so it cannot be below mem_limit (-1 means unlimited).
            diagnostics += compare(
                service["mem_limit"], above: swap, parse: bytes,
                "memswap_limit is smaller than mem_limit (it counts memory plus swap)", at: "\(path).memswap_limit")
        }
        return diagnostics
    }

    private func bytes(_ node: YAMLNode) -> Double? {
        guard let text = node.scalar else { return nil }
        return (try? ByteSize(parsing: text)).map { Double($0.bytes) }
    }

    private func compare(
        _ lower: YAMLNode?, above upper: YAMLNode?, parse: (YAMLNode) -> Double?, _ message: String, at path: String
    ) -> [SpecDiagnostic] {
        guard let lower, let upper, let low = parse(lower), let high = parse(upper), low > high else { return [] }
        let detail =
            "\(message) (\(lower.scalar ?? "") > \(upper.scalar ?? ""), the limit is at line \(upper.location.line))"
        return [SpecDiagnostic(.conflict, "conflicting limits: " + detail, at: lower.location, path: path)]
    }
}
