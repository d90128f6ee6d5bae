import ComposeSpec
import EngineAPI

/// What `up` needs to know about one service while planning it.
struct ServiceContext {
    let service: Service
    let policy: RecreatePolicy
    let expectedHash: String
    let imageID: String?
    let parentRecreated: Bool
    /// Nodes every container creation waits for: networks, volumes, the image, the dependencies.
    let infrastructure: [Int]
    /// Configs and secrets copied into each container before it starts.
    let injected: [InjectedFile]
}

extension UpPlanner {
    /// Scale down, recreate what diverged, start what is stopped, scale up (docker/compose's order).
    mutating func planService(_ service: Service) throws(PlannerError) {
        let expected = options.scale[service.name] ?? ContainerMapping.replicas(of: service)
        if expected > 1, let name = service.containerName {
            throw PlannerError(
                .invalidProject,
                "service \"\(service.name)\": container_name \"\(name)\" cannot be used with \(expected) replicas")
        }
        let context = try makeContext(for: service)
        let all = observed.containers(ofService: service.name)
        let (keepers, duplicates) = splitDuplicates(all, context: context)
        var last: [Int] = []
        var cleared: [Int] = []
        for duplicate in duplicates {
            let node = planRemoval(duplicate, cause: "duplicate of replica \(duplicate.number)")
            cleared.append(node)
            last.append(node)
        }
        let ordered = keepers.sorted { left, right in
            let (leftStale, rightStale) = (mustRecreate(left, context), mustRecreate(right, context))
            return leftStale != rightStale ? !leftStale : left.number < right.number
        }
        for (index, container) in ordered.enumerated() {
            if index >= expected {
                last.append(planRemoval(container, cause: "scale down"))
            } else if mustRecreate(container, context) {
                recreated.insert(service.name)
                last += try planRecreate(container, context: context)
            } else {
                last += try planKeep(container, context: context, after: cleared)
            }
        }
        let next = (all.map(\.number).max() ?? 0) + 1
        for offset in 0..<max(0, expected - ordered.count) {
            last += try planCreate(number: next + offset, context: context)
        }
        serviceLast[service.name] = last
    }

    private func makeContext(for service: Service) throws(PlannerError) -> ServiceContext {
        let explicit = options.services.isEmpty || options.services.contains(service.name)
        let expectedHash: String
        do {
            expectedHash = try ConfigHash.hash(of: service, in: project)
        } catch {
            throw PlannerError(.invalidProject, "service \"\(service.name)\": cannot compute config hash", cause: error)
        }
        return ServiceContext(
            service: service, policy: explicit ? options.recreate : options.recreateDependencies,
            expectedHash: expectedHash, imageID: observed.images[mapping.imageName(of: service)]?.id,
            parentRecreated: parentRecreated(service), infrastructure: infrastructure(for: service),
            injected: try mapping.injectedFiles(of: service))
    }

    /// Several containers with one replica number (an `up` killed during a recreation): keep the one that is
    /// up to date, then the one with the right name, then the newest; the others go.
    private func splitDuplicates(_ containers: [ObservedContainer], context: ServiceContext)
        -> (keepers: [ObservedContainer], duplicates: [ObservedContainer])
    {
        var keepers: [ObservedContainer] = []
        var duplicates: [ObservedContainer] = []
        for number in Set(containers.map(\.number)).sorted() {
            let group = containers.filter { $0.number == number }.sorted { left, right in
                let rank = { (container: ObservedContainer) -> (Int, Int, Int64) in
                    let name = mapping.containerName(of: context.service, number: number)
                    return (
                        mustRecreate(container, context) ? 1 : 0, container.name == name ? 0 : 1,
                        -(container.summary.created ?? 0)
                    )
                }
                return rank(left) < rank(right)
            }
            if let first = group.first { keepers.append(first) }
            duplicates += group.dropFirst()
        }
        return (keepers, duplicates)
    }

    /// Whether a container must be replaced to match the service.
    func mustRecreate(_ container: ObservedContainer, _ context: ServiceContext) -> Bool {
        switch context.policy {
        case .never: return false
        case .force: return true
        case .diverged: break
        }
        if context.parentRecreated || container.configHash != context.expectedHash { return true }
        if let imageID = context.imageID, container.imageID != imageID { return true }
        if usesRecreatedNetwork(context.service) { return true }
        return hasNetworkMismatch(container, context.service) || hasVolumeMismatch(container, context.service)
    }

    /// Whether the service joins a network this plan removes and creates again.
    func usesRecreatedNetwork(_ service: Service) -> Bool {
        service.networkMode == nil && (service.networks ?? [:]).keys.contains { recreatedNetworks.contains($0) }
    }

    /// A running container that is not on one of the service's networks (one created since, say).
    private func hasNetworkMismatch(_ container: ObservedContainer, _ service: Service) -> Bool {
        guard container.state == "running", service.networkMode == nil,
            let connected = container.summary.networkSettings?.networks
        else { return false }
        return (service.networks ?? [:]).keys.contains { key in
            guard let config = project.networks[key] else { return false }
            return connected[config.name ?? "\(project.name)_\(key)"] == nil
        }
    }

    /// A container that does not mount one of the service's named volumes (a volume renamed, say).
    private func hasVolumeMismatch(_ container: ObservedContainer, _ service: Service) -> Bool {
        guard let mounts = container.summary.mounts else { return false }
        return (service.volumes ?? []).contains { volume in
            guard volume.type == "volume", let key = volume.source, let config = project.volumes[key] else {
                return false
            }
            let name = config.name ?? "\(project.name)_\(key)"
            return !mounts.contains { $0.type == "volume" && $0.name == name }
        }
    }

    /// A service sharing a namespace or the volumes of a service whose containers are recreated must be
    /// recreated too: its `container:ID` reference would name a container that is gone.
    private func parentRecreated(_ service: Service) -> Bool {
        let modes = [service.networkMode, service.ipc, service.pid].compactMap { $0 }
        let parents =
            modes.filter { $0.hasPrefix("service:") }.map { String($0.dropFirst("service:".count)) }
            + (service.volumesFrom ?? []).filter { !$0.hasPrefix("container:") }.map {
                String($0.split(separator: ":").first ?? "")
            }
        return parents.contains { recreated.contains($0) }
    }

    private func infrastructure(for service: Service) -> [Int] {
        var nodes = (service.networks ?? [:]).keys.sorted().compactMap { networkNodes[$0] }
        nodes += (service.volumes ?? []).filter { $0.type == "volume" }.compactMap { $0.source }
            .compactMap { volumeNodes[$0] }
        if let pull = imageNodes[mapping.imageName(of: service)] { nodes.append(pull) }
        for dependency in (service.dependsOn ?? [:]).keys.sorted() where selected.contains(dependency) {
            nodes += serviceLast[dependency] ?? []
        }
        return nodes
    }
}
