import ComposeSpec
import EngineAPI

extension UpPlanner {
    /// Stop (when it runs) then remove a container; returns the remove node.
    mutating func planRemoval(_ container: ObservedContainer, cause: String) -> Int {
        let resource = "service:\(container.service):\(container.number)"
        return plan.add(
            .removeContainer(container.reference, removeVolumes: false), resource: resource, cause: cause,
            after: planStop(container, resource: resource, cause: cause))
    }

    /// The node that stops `container`: the one already planned, a new one when it runs, none otherwise.
    mutating func planStop(_ container: ObservedContainer, resource: String, cause: String) -> [Int] {
        if let stop = stoppedByPlan[container.id] { return [stop] }
        guard container.isRunning else { return [] }
        let stop = plan.add(
            .stopContainer(container.reference, timeout: options.timeout), resource: resource, cause: cause)
        stoppedByPlan[container.id] = stop
        return [stop]
    }

    /// A new replica: create, then start once its dependencies meet their conditions.
    mutating func planCreate(number: Int, context: ServiceContext) throws(PlannerError) -> [Int] {
        let service = context.service
        let name = mapping.containerName(of: service, number: number)
        let request = try mapping.request(for: service, number: number, imageID: context.imageID)
        let create = plan.add(
            .createContainer(service: service.name, number: number, name: name, request: request),
            resource: "service:\(service.name):\(number)", cause: "no existing container",
            after: context.infrastructure)
        return [planStart(.created(action: create, name: name), context: context, number: number, after: [create])]
    }

    /// An up-to-date container: renamed when its name is not the expected one (an interrupted recreation),
    /// connected again to networks this plan recreates (with --no-recreate), started when it is not running.
    mutating func planKeep(_ container: ObservedContainer, context: ServiceContext, after cleared: [Int])
        throws(PlannerError) -> [Int]
    {
        let service = context.service
        let name = mapping.containerName(of: service, number: container.number)
        var last: [Int] = []
        if container.name != name {
            last.append(
                plan.add(
                    .renameContainer(container.reference, newName: name),
                    resource: "service:\(service.name):\(container.number)", cause: "named \(container.name)",
                    after: cleared))
        }
        if usesRecreatedNetwork(service) {
            let (_, networking) = try mapping.networkSettings(
                for: service, containerName: name, options: MappingOptions(name: name))
            for key in (service.networks ?? [:]).keys.sorted() where recreatedNetworks.contains(key) {
                guard let network = project.networks[key], let create = networkNodes[key] else { continue }
                let networkName = network.name ?? "\(project.name)_\(key)"
                last.append(
                    plan.add(
                        .connectNetwork(
                            network: networkName, container.reference,
                            networking?.endpointsConfig?[networkName] ?? EndpointSettings()),
                        resource: "service:\(service.name):\(container.number)", cause: "network recreated",
                        after: last + [create]))
            }
        }
        let stoppedByUs = stoppedByPlan[container.id]
        if !container.isRunning || stoppedByUs != nil {
            let cause = stoppedByUs == nil ? "not running" : "restart after a dependency was recreated"
            last.append(
                planStart(
                    container.reference, context: context, number: container.number,
                    after: last + context.infrastructure + [stoppedByUs].compactMap { $0 }, cause: cause))
        }
        return last
    }

    /// docker/compose's recreation: create the replacement under a temporary name, stop the old container,
    /// remove it (its anonymous volumes stay, and the replacement mounts them, unless -V), rename the
    /// replacement, start it. Services depending on this one with `restart: true` are stopped first and
    /// started again after.
    mutating func planRecreate(_ container: ObservedContainer, context: ServiceContext) throws(PlannerError) -> [Int] {
        let service = context.service
        let resource = "service:\(service.name):\(container.number)"
        let finalName = mapping.containerName(of: service, number: container.number)
        let temporary = "\(container.id.prefix(12))_\(finalName)"
        let dependentStops = planStopDependents(of: service.name)
        var options = MappingOptions(name: temporary)
        if !self.options.renewAnonymousVolumes { options.inheritedVolumes = inheritedVolumes(container, service) }
        let request = try mapping.request(
            for: service, number: container.number, imageID: context.imageID, options: options)
        let create = plan.add(
            .createContainer(service: service.name, number: container.number, name: temporary, request: request),
            resource: resource, cause: recreateCause(container, context),
            after: context.infrastructure + dependentStops)
        let created = ContainerRef.created(action: create, name: temporary)
        var stop = stoppedByPlan[container.id]
        if stop == nil, container.isRunning {
            stop = plan.add(
                .stopContainer(container.reference, timeout: self.options.timeout), resource: resource,
                cause: "replaced by #\(create)", after: [create])
            stoppedByPlan[container.id] = stop
        }
        let remove = plan.add(
            .removeContainer(container.reference, removeVolumes: self.options.renewAnonymousVolumes),
            resource: resource, cause: "replaced by #\(create)", after: [create] + [stop].compactMap { $0 })
        let rename = plan.add(
            .renameContainer(created, newName: finalName), resource: resource, cause: "finish recreation",
            after: [remove])
        return [planStart(created, context: context, number: container.number, after: [rename])]
    }

    private func recreateCause(_ container: ObservedContainer, _ context: ServiceContext) -> String {
        switch context.policy {
        case .force: return "forced"
        case .never, .diverged: break
        }
        if context.parentRecreated { return "shared namespace or volumes recreated" }
        if container.configHash != context.expectedHash { return "config hash changed" }
        if let imageID = context.imageID, container.imageID != imageID { return "image changed" }
        if usesRecreatedNetwork(context.service) { return "network recreated" }
        return "networks or volumes changed"
    }

    /// The old container's anonymous volumes (and the image's declared volumes) by target, for the
    /// replacement to mount, as docker/compose does.
    private func inheritedVolumes(_ container: ObservedContainer, _ service: Service) -> [String: String] {
        let anonymous = Set(
            (service.volumes ?? []).filter { $0.type == "volume" && ($0.source ?? "").isEmpty }.compactMap(\.target))
        let declared = Set(observed.images[mapping.imageName(of: service)]?.config?.volumes?.keys ?? [:].keys)
        let used = Set((service.volumes ?? []).filter { !($0.source ?? "").isEmpty }.compactMap(\.target))
        var result: [String: String] = [:]
        for mount in container.summary.mounts ?? [] where mount.type == "volume" {
            guard let target = mount.destination, let name = mount.name, !used.contains(target),
                anonymous.contains(target) || declared.contains(target)
            else { continue }
            result[target] = name
        }
        return result
    }

    /// Stops the running containers of services that depend on `service` with `restart: true`.
    private mutating func planStopDependents(of service: String) -> [Int] {
        var nodes: [Int] = []
        for dependent in Planner.dependents(of: service, in: project, where: { $0.restart == true })
        where selected.contains(dependent) {
            for container in observed.containers(ofService: dependent)
            where container.isRunning && stoppedByPlan[container.id] == nil {
                let node = plan.add(
                    .stopContainer(container.reference, timeout: options.timeout),
                    resource: "service:\(dependent):\(container.number)",
                    cause: "dependency \(service) being recreated")
                stoppedByPlan[container.id] = node
                nodes.append(node)
            }
        }
        return nodes
    }

    /// A start node gated on the service's dependencies, after the copy of its injected configs and
    /// secrets (made before every start, so a container created by an interrupted `up` gets them too);
    /// with `--no-start` the last node before it.
    private mutating func planStart(
        _ reference: ContainerRef, context: ServiceContext, number: Int, after: [Int], cause: String = "created"
    ) -> Int {
        let service = context.service
        let resource = "service:\(service.name):\(number)"
        var after = after
        if !context.injected.isEmpty {
            after = [
                plan.add(
                    .copyFiles(reference, files: context.injected), resource: resource,
                    cause: "configs and secrets", after: after)
            ]
        }
        guard !options.noStart else { return after.max() ?? 0 }
        let node = plan.add(
            .startContainer(reference), resource: resource, cause: cause, after: after + startGate(for: service))
        serviceStarts[service.name, default: []].append(node)
        return node
    }

    /// The nodes a container of `service` starts after: its dependencies started, or healthy, or completed.
    mutating func startGate(for service: Service) -> [Int] {
        var gate: [Int] = []
        for name in (service.dependsOn ?? [:]).keys.sorted() where selected.contains(name) {
            guard let dependency = service.dependsOn?[name] else { continue }
            let condition = DependencyCondition(rawValue: dependency.condition) ?? .started
            if condition == .started {
                gate += serviceStarts[name] ?? []
                continue
            }
            let key = "\(name)|\(condition.rawValue)"
            if let node = waitNodes[key] {
                gate.append(node)
                continue
            }
            let node = plan.add(
                .waitCondition(service: name, condition: condition, required: dependency.required),
                resource: "service:\(name)", cause: "\(service.name) depends on it (\(condition.rawValue))",
                after: serviceLast[name] ?? [])
            waitNodes[key] = node
            gate.append(node)
        }
        return gate
    }
}
