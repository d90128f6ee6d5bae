import ComposeSpec
import EngineAPI

extension ContainerMapping {
    /// CPU, memory, pids, block IO, devices and rlimits; `deploy.resources` wins over the service-level
    /// fields, as in docker/compose.
    func applyResources(of service: Service, to host: inout HostConfig) {
        host.cgroupParent = service.cgroupParent
        host.memory = service.memoryLimit?.bytes
        host.memorySwap = service.memorySwapLimit?.bytes
        host.memoryReservation = service.memoryReservation?.bytes
        host.memorySwappiness = service.memorySwappiness?.bytes
        host.oomKillDisable = service.oomKillDisable
        host.cpuPeriod = service.cpuPeriod
        host.cpuQuota = service.cpuQuota
        host.cpuRealtimePeriod = service.cpuRealtimePeriod
        host.cpuRealtimeRuntime = service.cpuRealtimeRuntime
        host.cpuShares = service.cpuShares.map { Int($0) }
        host.cpusetCpus = service.cpuset
        host.nanoCpus = service.cpus.map { Self.nanoCPUs($0) }
        host.pidsLimit = service.pidsLimit.flatMap { $0 == 0 ? nil : $0 }
        host.deviceCgroupRules = service.deviceCgroupRules
        host.devices = service.devices.map { devices in
            devices.map {
                EngineAPI.DeviceMapping(
                    pathOnHost: $0.source, pathInContainer: $0.target ?? $0.source,
                    cgroupPermissions: $0.permissions ?? "rwm")
            }
        }
        host.ulimits = Self.ulimits(of: service)
        applyBlkio(service.blkioConfig, to: &host)
        applyDeployResources(service.deploy?.resources, to: &host)
        let gpus = (service.gpus ?? []).map { Self.deviceRequest($0, addingCapability: "gpu") }
        if !gpus.isEmpty { host.deviceRequests = (host.deviceRequests ?? []) + gpus }
    }

    private static func nanoCPUs(_ cpus: Float) -> Int64 { Int64((Double(cpus) * 1e9).rounded()) }

    private static func ulimits(of service: Service) -> [EngineAPI.Ulimit]? {
        guard let ulimits = service.ulimits, !ulimits.isEmpty else { return nil }
        return ulimits.keys.sorted().compactMap { name in
            guard let limit = ulimits[name] else { return nil }
            return EngineAPI.Ulimit(name: name, soft: limit.soft, hard: limit.hard)
        }
    }

    private func applyDeployResources(_ resources: Resources?, to host: inout HostConfig) {
        if let limits = resources?.limits {
            if let memory = limits.memory, memory.bytes != 0 { host.memory = memory.bytes }
            if let cpus = limits.cpus, cpus != 0 { host.nanoCpus = Self.nanoCPUs(cpus) }
            if let pids = limits.pids, pids > 0 { host.pidsLimit = pids }
        }
        if let reservations = resources?.reservations {
            if let memory = reservations.memory, memory.bytes != 0 { host.memoryReservation = memory.bytes }
            let devices = (reservations.devices ?? []).map { Self.deviceRequest($0, addingCapability: nil) }
            if !devices.isEmpty { host.deviceRequests = (host.deviceRequests ?? []) + devices }
        }
    }

    private static func deviceRequest(
        _ request: ComposeSpec.DeviceRequest, addingCapability capability: String?
    ) -> EngineAPI.DeviceRequest {
        var result = EngineAPI.DeviceRequest()
        result.driver = request.driver
        result.deviceIDs = request.deviceIDs
        result.options = request.options
        result.capabilities = [(request.capabilities ?? []) + (capability.map { [$0] } ?? [])]
        switch request.count {
        case .all: result.count = -1
        case .exactly(let count): result.count = count
        case nil: break
        }
        return result
    }

    private func applyBlkio(_ blkio: BlkioConfig?, to host: inout HostConfig) {
        guard let blkio else { return }
        host.blkioWeight = blkio.weight.map { Int($0) }
        host.blkioWeightDevice = blkio.weightDevice.map { devices in
            devices.map { EngineAPI.WeightDevice(path: $0.path, weight: Int($0.weight)) }
        }
        host.blkioDeviceReadBps = blkio.deviceReadBps.map(Self.throttles)
        host.blkioDeviceWriteBps = blkio.deviceWriteBps.map(Self.throttles)
        host.blkioDeviceReadIOps = blkio.deviceReadIOps.map(Self.throttles)
        host.blkioDeviceWriteIOps = blkio.deviceWriteIOps.map(Self.throttles)
    }

    private static func throttles(_ devices: [ComposeSpec.ThrottleDevice]) -> [EngineAPI.ThrottleDevice] {
        devices.map { EngineAPI.ThrottleDevice(path: $0.path, rate: $0.rate.bytes) }
    }
}
