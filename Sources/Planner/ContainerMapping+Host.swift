import ComposeSpec
import EngineAPI

extension ContainerMapping {
    /// The host configuration without networking (set by `request`).
    func hostConfig(for service: Service, options: MappingOptions) throws(PlannerError) -> HostConfig {
        var host = HostConfig()
        host.autoRemove = options.autoRemove ? true : nil
        host.annotations = service.annotations
        host.capAdd = service.capAdd
        host.capDrop = service.capDrop
        host.`init` = service.initProcess
        host.ipcMode = service.ipc
        host.pidMode = service.pid
        host.cgroupnsMode = service.cgroup
        host.utsMode = service.uts
        host.usernsMode = service.usernsMode
        host.readonlyRootfs = service.readOnly
        host.privileged = service.privileged
        host.restartPolicy = try Self.restartPolicy(of: service)
        host.shmSize = service.shmSize?.bytes
        host.sysctls = service.sysctls
        host.portBindings = try Self.portBindings(of: service)
        host.volumesFrom = service.volumesFrom
        host.dns = service.dns
        host.dnsSearch = service.dnsSearch
        host.dnsOptions = service.dnsOptions
        host.extraHosts = service.extraHosts.map { $0.entries.map { "\($0.hostname):\($0.address)" } }
        host.groupAdd = service.groupAdd
        host.storageOpt = service.storageOptions
        host.runtime = service.runtime
        host.oomScoreAdj = service.oomScoreAdjustment.map { Int($0) }
        host.logConfig = service.logging.map { LogConfig(type: $0.driver, config: $0.options) }
        host.tmpfs = Self.tmpfs(of: service)
        applySecurityOptions(service.securityOptions, to: &host)
        applyResources(of: service, to: &host)
        try applyMounts(of: service, options: options, to: &host)
        return host
    }

    /// `systempaths=unconfined` is not an engine option: docker/compose turns it into empty masked and
    /// read-only path lists. A `seccomp=FILE` option is passed on as written.
    private func applySecurityOptions(_ securityOptions: [String]?, to host: inout HostConfig) {
        guard let securityOptions else { return }
        host.securityOpt = securityOptions.filter { $0 != "systempaths=unconfined" }
        if securityOptions.contains("systempaths=unconfined") {
            host.maskedPaths = []
            host.readonlyPaths = []
        }
        if host.securityOpt?.isEmpty == true { host.securityOpt = nil }
    }

    /// `restart` (`no`, `always`, `on-failure[:N]`, `unless-stopped`), overridden by `deploy.restart_policy`.
    static func restartPolicy(of service: Service) throws(PlannerError) -> EngineAPI.RestartPolicy? {
        var policy: EngineAPI.RestartPolicy?
        if let restart = service.restart {
            let parts = restart.split(separator: ":", maxSplits: 1).map(String.init)
            var count: Int?
            if parts.count == 2 {
                guard let number = Int(parts[1]), number >= 0 else {
                    throw PlannerError(
                        .invalidProject, "service \"\(service.name)\": restart \"\(restart)\": bad retry count")
                }
                count = number
            }
            policy = EngineAPI.RestartPolicy(name: engineRestartName(parts.first ?? ""), maximumRetryCount: count)
        }
        if let deployPolicy = service.deploy?.restartPolicy {
            policy = EngineAPI.RestartPolicy(
                name: engineRestartName(deployPolicy.condition ?? "any"),
                maximumRetryCount: deployPolicy.maxAttempts.map { Int(clamping: $0) })
        }
        return policy
    }

    private static func engineRestartName(_ condition: String) -> String {
        switch condition {
        case "none", "no": "no"
        case "any", "always": "always"
        default: condition
        }
    }

    /// `tmpfs` entries `PATH[:OPTIONS]` as the engine's path-to-options map.
    private static func tmpfs(of service: Service) -> [String: String]? {
        guard let entries = service.tmpfs, !entries.isEmpty else { return nil }
        var result: [String: String] = [:]
        for entry in entries {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            result[parts.first ?? entry] = parts.count > 1 ? parts[1] : ""
        }
        return result
    }

    /// The container ports of `ports` and `expose`, as `PORT/PROTOCOL`.
    static func exposedPorts(of service: Service) throws(PlannerError) -> [String: EmptyObject]? {
        var result: [String: EmptyObject] = [:]
        for port in service.ports ?? [] {
            guard let target = port.target else { continue }
            result["\(target)/\(port.protocol ?? "tcp")"] = EmptyObject()
        }
        for entry in service.expose ?? [] {
            for port in try expand(entry, service: service) { result[port] = EmptyObject() }
        }
        return result.isEmpty ? nil : result
    }

    /// `8000-8002/udp` as `["8000/udp", "8001/udp", "8002/udp"]`.
    private static func expand(_ entry: String, service: Service) throws(PlannerError) -> [String] {
        let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
        let proto = parts.count > 1 ? parts[1] : "tcp"
        let bounds = (parts.first ?? "").split(separator: "-", maxSplits: 1).map { Int($0) }
        guard let low = bounds.first ?? nil, let high = bounds.last ?? nil, low <= high, low > 0, high <= 65535 else {
            throw PlannerError(.invalidProject, "service \"\(service.name)\": expose \"\(entry)\": bad port or range")
        }
        return (low...high).map { "\($0)/\(proto)" }
    }

    /// Published ports: `TARGET/PROTOCOL` to host address and port (empty host port: a random one).
    static func portBindings(of service: Service) throws(PlannerError) -> [String: [PortBinding]]? {
        var result: [String: [PortBinding]] = [:]
        for port in service.ports ?? [] {
            guard let target = port.target else {
                throw PlannerError(.invalidProject, "service \"\(service.name)\": a published port has no target")
            }
            let binding = PortBinding(hostIP: port.hostIP ?? "", hostPort: port.published ?? "")
            result["\(target)/\(port.protocol ?? "tcp")", default: []].append(binding)
        }
        return result.isEmpty ? nil : result
    }

    /// Links to the replicas of linked services (`svc[:alias]`) and to external containers, as
    /// docker/compose writes them: each linked container under the alias, `svc-N` and `project-svc-N`.
    func links(for service: Service, number: Int) -> [String]? {
        var result: [String] = []
        for link in service.links ?? [] {
            let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
            let target = parts.first ?? link
            let alias = parts.count > 1 ? parts[1] : target
            guard let linked = project.services[target] else { continue }
            for replica in 1...max(1, Self.replicas(of: linked)) {
                let name = containerName(of: linked, number: replica)
                result += [
                    "\(name):\(alias)", "\(name):\(target)-\(number)", "\(name):\(project.name)-\(target)-\(number)",
                ]
            }
        }
        for link in service.externalLinks ?? [] {
            let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
            result.append("\(parts.first ?? link):\(parts.count > 1 ? parts[1] : (parts.first ?? link))")
        }
        var seen = Set<String>()
        result = result.filter { seen.insert($0).inserted }
        return result.isEmpty ? nil : result
    }
}
