import ComposeSpec
import EngineAPI

extension Planner {
    /// The plan of `down`: stop and remove the project's containers (one-off ones too), dependents before
    /// their dependencies; then its networks, and with `-v` its volumes, and with `--rmi` its images.
    /// External networks and volumes are never removed. Orphans go only with `--remove-orphans`.
    package static func down(_ project: Project, observed: ObservedState, options: DownOptions = DownOptions())
        -> Plan
    {
        var plan = Plan()
        var stops: [String: [Int]] = [:]
        var removes: [Int] = []
        let containers = observed.containers.compactMap(ObservedContainer.init)
        let order = (try? dependencyOrder(of: Set(project.services.keys), in: project)) ?? project.serviceNames
        for service in order.reversed() {
            let dependentStops = dependents(of: service, in: project).flatMap { stops[$0] ?? [] }
            for container in containers.filter({ $0.service == service }).sorted(by: { $0.name < $1.name }) {
                let (stop, remove) = removal(
                    of: container, resource: "service:\(service):\(container.number)", after: dependentStops,
                    options: options, plan: &plan)
                if let stop { stops[service, default: []].append(stop) }
                removes.append(remove)
            }
        }
        let orphans = observed.orphans(services: Set(project.services.keys))
        if options.removeOrphans {
            for orphan in orphans {
                removes.append(
                    removal(of: orphan, resource: "orphan:\(orphan.name)", after: [], options: options, plan: &plan)
                        .remove)
            }
        } else if !orphans.isEmpty {
            plan.warnings.append(
                "found orphan containers (\(orphans.map(\.name).joined(separator: ", "))) for this project; "
                    + "run down with --remove-orphans to remove them")
        }
        planResourceRemovals(project, observed: observed, options: options, after: removes, plan: &plan)
        return plan
    }

    private static func removal(
        of container: ObservedContainer, resource: String, after: [Int], options: DownOptions, plan: inout Plan
    ) -> (stop: Int?, remove: Int) {
        var stop: Int?
        if container.isRunning {
            stop = plan.add(
                .stopContainer(container.reference, timeout: options.timeout), resource: resource, cause: "down",
                after: after)
        }
        let remove = plan.add(
            .removeContainer(container.reference, removeVolumes: options.removeVolumes), resource: resource,
            cause: "down", after: after + [stop].compactMap { $0 })
        return (stop, remove)
    }

    private static func planResourceRemovals(
        _ project: Project, observed: ObservedState, options: DownOptions, after removes: [Int], plan: inout Plan
    ) {
        for key in project.networks.keys.sorted() {
            guard let config = project.networks[key], config.external != true else { continue }
            let name = config.name ?? "\(project.name)_\(key)"
            guard observed.network(named: name) != nil else { continue }
            plan.add(.removeNetwork(name: name), resource: "network:\(key)", cause: "down", after: removes)
        }
        if options.removeVolumes {
            for key in project.volumes.keys.sorted() {
                guard let config = project.volumes[key], config.external != true else { continue }
                let name = config.name ?? "\(project.name)_\(key)"
                guard observed.volume(named: name) != nil else { continue }
                plan.add(.removeVolume(name: name), resource: "volume:\(key)", cause: "down -v", after: removes)
            }
        }
        guard let removal = options.removeImages else { return }
        let mapping = ContainerMapping(project: project)
        var seen = Set<String>()
        for service in project.serviceNames.compactMap({ project.services[$0] }) {
            guard removal == .all || service.image == nil else { continue }
            let reference = mapping.imageName(of: service)
            guard observed.images[reference] != nil, seen.insert(reference).inserted else { continue }
            plan.add(
                .removeImage(reference: reference), resource: "image:\(reference)",
                cause: "down --rmi \(removal.rawValue)",
                after: removes)
        }
    }
}
