/// cgroup limits of one container, in Docker's units (bytes, CFS microseconds, shares).
package struct Resources: Sendable, Equatable, Codable {
    /// memory limit in bytes (`--memory`).
    package var memory: Int64?
    /// soft limit in bytes (`--memory-reservation`).
    package var memoryReservation: Int64?
    /// memory + swap in bytes (`--memory-swap`); -1 is unlimited swap. Unset with `memory` set: twice
    /// the memory, as Docker does.
    package var memorySwap: Int64?
    /// CFS quota and period in microseconds (`--cpus 1.5` is 150000 per 100000).
    package var cpuQuota: Int64?
    package var cpuPeriod: UInt64?
    /// relative CPU weight (`--cpu-shares`, 2...262144).
    package var cpuShares: UInt64?
    package var cpusetCpus: String?
    package var cpusetMems: String?
    /// maximum number of tasks (`--pids-limit`); 0 or -1 is unlimited.
    package var pidsLimit: Int64?
    /// block I/O weight 10...1000 (`--blkio-weight`), where the host's I/O scheduler offers it.
    package var blkioWeight: UInt16?

    package init() {}

    /// Docker's `--cpus`: a quota for the default 100 ms period.
    package mutating func setCPUs(_ cpus: Double) {
        cpuPeriod = 100_000
        cpuQuota = Int64((cpus * 100_000).rounded())
    }

    /// No limit is set.
    package var isEmpty: Bool { self == Resources() }

    /// Refuses values the kernel would refuse, naming the field.
    package func validate() throws {
        func fail(_ text: String) -> EngineError { EngineError(.invalidSpec, "resources: \(text)") }
        if let memory, memory < 6 * 1024 * 1024 {
            throw fail("memory \(memory) is below the 6 MiB minimum")
        }
        if let memorySwap, memorySwap != -1 {
            guard let memory else { throw fail("memory_swap needs a memory limit") }
            if memorySwap < memory { throw fail("memory_swap \(memorySwap) is below memory \(memory)") }
        }
        if let memoryReservation, memoryReservation < 0 { throw fail("memory_reservation must not be negative") }
        if let cpuPeriod, !(1000...1_000_000).contains(cpuPeriod) {
            throw fail("cpu_period \(cpuPeriod) is outside 1000...1000000")
        }
        if let cpuQuota, cpuQuota != -1, cpuQuota < 1000 { throw fail("cpu_quota \(cpuQuota) is below 1000") }
        if let cpuShares, !(2...262_144).contains(cpuShares) {
            throw fail("cpu_shares \(cpuShares) is outside 2...262144")
        }
        if let blkioWeight, !(10...1000).contains(blkioWeight) {
            throw fail("blkio_weight \(blkioWeight) is outside 10...1000")
        }
    }
}
