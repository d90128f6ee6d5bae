import ComposeSpec
import EngineAPI

extension Planner {
    /// The plan of `run`: the service's dependencies brought up as `up` would (unless `noDependencies`),
    /// their depends_on conditions waited for, the networks, volumes and image the one-off container needs,
    /// and the creation of the container itself, last (resource `service:NAME:run`). Starting, attaching and
    /// removing it are the caller's. One-off containers of earlier runs are left alone.
    /// - Parameters:
    ///   - project: the project.
    ///   - service: the service with the command-line overrides applied (command, environment, ports...).
    ///   - observed: the engine's state.
    ///   - options: the container's name and slug, and what to do about dependencies.
    ///   - metadata: where the project came from, for labels.
    /// - Returns: the plan; its last action creates the one-off container.
    /// - Throws: `PlannerError` when the service or a dependency cannot be planned.
    package static func run(
        _ project: Project, service: Service, observed: ObservedState, options: OneOffOptions,
        metadata: ProjectMetadata = ProjectMetadata()
    ) throws(PlannerError) -> Plan {
        guard project.services[service.name] != nil else {
            throw PlannerError(.invalidProject, "no such service: \(service.name)")
        }
        let dependencies =
            options.noDependencies
            ? [] : (service.dependsOn ?? [:]).keys.filter { project.services[$0] != nil }.sorted()
        let upOptions = UpOptions(services: dependencies, removeOrphans: options.removeOrphans)
        var planner = UpPlanner(project: project, observed: observed, options: upOptions, metadata: metadata)
        try planner.planOneOff(service, dependencies: dependencies, options: options)
        return planner.plan
    }
}

extension UpPlanner {
    mutating func planOneOff(_ target: Service, dependencies: [String], options: OneOffOptions) throws(PlannerError) {
        selected =
            try dependencies.isEmpty
            ? [] : Planner.selection(of: project, named: dependencies, noDependencies: false)
        let services = selected.sorted().compactMap { project.services[$0] } + [target]
        try planNetworks(for: services)
        try planVolumes(for: services)
        planImages(for: services)
        for name in try Planner.dependencyOrder(of: selected, in: project) {
            guard let service = project.services[name] else { continue }
            try planService(service)
        }
        planOrphans()
        var after = (target.networks ?? [:]).keys.sorted().compactMap { networkNodes[$0] }
        after += (target.volumes ?? []).filter { $0.type == "volume" }.compactMap(\.source).compactMap {
            volumeNodes[$0]
        }
        after += [imageNodes[mapping.imageName(of: target)]].compactMap { $0 }
        after += selected.sorted().flatMap { serviceLast[$0] ?? [] }
        after += startGate(for: target)
        let reference = mapping.imageName(of: target)
        var request = try mapping.request(
            for: target, number: 0, imageID: observed.images[reference]?.id,
            options: MappingOptions(
                name: options.name, isOneOff: true, usesNetworkAliases: options.useAliases,
                autoRemove: options.autoRemove))
        request.config.labels?[Labels.slug] = options.slug
        if options.interactive {
            (request.config.attachStdin, request.config.openStdin, request.config.stdinOnce) = (true, true, true)
        }
        if options.tty { request.config.tty = true }
        let create = plan.add(
            .createContainer(service: target.name, number: 0, name: options.name, request: request),
            resource: "service:\(target.name):run", cause: "one-off container", after: after)
        let injected = try mapping.injectedFiles(of: target)
        if !injected.isEmpty {
            plan.add(
                .copyFiles(.created(action: create, name: options.name), files: injected),
                resource: "service:\(target.name):run", cause: "configs and secrets", after: [create])
        }
    }
}
