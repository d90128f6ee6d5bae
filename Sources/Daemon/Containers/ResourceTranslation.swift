import Engine
import EngineAPI

/// HostConfig's cgroup limits: Memory, MemoryReservation, MemorySwap, NanoCpus, CpuQuota,
/// CpuPeriod, CpuShares, CpusetCpus, CpusetMems, PidsLimit, BlkioWeight. Fields berth cannot
/// honour are refused by name rather than ignored.
enum ResourceTranslation {
    static func apply(_ host: HostConfig, to spec: inout ContainerSpec) throws {
        var resources = Resources()
        resources.memory = positive(host.memory)
        resources.memoryReservation = positive(host.memoryReservation)
        resources.memorySwap = host.memorySwap.flatMap { $0 == 0 ? nil : $0 }
        if let nanoCpus = positive(host.nanoCpus) {
            guard host.cpuQuota == nil || host.cpuQuota == 0 else {
                throw APIError.badRequest(
                    "HostConfig.NanoCpus: conflicting options: Nano CPUs and CPU Quota cannot both be set")
            }
            resources.cpuPeriod = 100_000
            resources.cpuQuota = nanoCpus / 10_000
        } else {
            resources.cpuQuota = positive(host.cpuQuota)
            resources.cpuPeriod = positive(host.cpuPeriod).map(UInt64.init)
        }
        resources.cpuShares = host.cpuShares.flatMap { $0 > 0 ? UInt64($0) : nil }
        resources.cpusetCpus = host.cpusetCpus.flatMap { $0.isEmpty ? nil : $0 }
        resources.cpusetMems = host.cpusetMems.flatMap { $0.isEmpty ? nil : $0 }
        resources.pidsLimit = positive(host.pidsLimit)
        if let weight = host.blkioWeight, weight > 0 {
            guard weight >= 10 && weight <= 1000 else {
                throw APIError.badRequest("HostConfig.BlkioWeight: range of blkio weight is from 10 to 1000")
            }
            resources.blkioWeight = UInt16(weight)
        }
        do {
            try resources.validate()
        } catch {
            throw APIError.badRequest("HostConfig: \(error)")
        }
        spec.resources = resources
        try refuseUnsupported(host)
    }

    private static func positive(_ value: Int64?) -> Int64? {
        guard let value, value > 0 else { return nil }
        return value
    }

    private static func refuseUnsupported(_ host: HostConfig) throws {
        let unsupported: [(String, Bool)] = [
            ("Devices", !(host.devices ?? []).isEmpty),
            ("DeviceRequests", !(host.deviceRequests ?? []).isEmpty),
            ("DeviceCgroupRules", !(host.deviceCgroupRules ?? []).isEmpty),
            ("BlkioWeightDevice", !(host.blkioWeightDevice ?? []).isEmpty),
            ("BlkioDeviceReadBps", !(host.blkioDeviceReadBps ?? []).isEmpty),
            ("BlkioDeviceWriteBps", !(host.blkioDeviceWriteBps ?? []).isEmpty),
            ("CpuRealtimePeriod", (host.cpuRealtimePeriod ?? 0) != 0),
            ("CpuRealtimeRuntime", (host.cpuRealtimeRuntime ?? 0) != 0),
            ("VolumeDriver", !(host.volumeDriver ?? "").isEmpty && host.volumeDriver != "local"),
            ("Runtime", !(host.runtime ?? "").isEmpty && host.runtime != "berth" && host.runtime != "runc"),
        ]
        for (field, present) in unsupported where present {
            throw APIError.badRequest("HostConfig.\(field): not supported by berth yet")
        }
    }
}
