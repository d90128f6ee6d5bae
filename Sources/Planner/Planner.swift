import ComposeSpec
import EngineAPI

/// Decides what the engine must do: `up` compares a project with the observed state and returns the
/// actions that make them match; `down` returns the actions that take the project away. Pure and
/// deterministic: the same inputs give the same plan, every map is walked in sorted order.
package enum Planner {
    /// The plan of `up` (and of `create` with `noStart`).
    /// - Throws: `PlannerError` when a named service does not exist, an external network or volume is
    ///   missing, or a service cannot be mapped onto the engine.
    package static func up(
        _ project: Project, observed: ObservedState, options: UpOptions = UpOptions(),
        metadata: ProjectMetadata = ProjectMetadata()
    ) throws(PlannerError) -> Plan {
        var planner = UpPlanner(project: project, observed: observed, options: options, metadata: metadata)
        try planner.run()
        return planner.plan
    }

    /// The services to act on: the named ones (all when none is named) and, unless `noDependencies`, the
    /// services they depend on, transitively.
    static func selection(of project: Project, named: [String], noDependencies: Bool) throws(PlannerError)
        -> Set<String>
    {
        for name in named where project.services[name] == nil {
            throw PlannerError(.invalidProject, "no such service: \(name)")
        }
        var selected = Set(named.isEmpty ? project.serviceNames : named)
        guard !noDependencies else { return selected }
        var pending = Array(selected)
        while let name = pending.popLast() {
            for dependency in (project.services[name]?.dependsOn ?? [:]).keys
            where project.services[dependency] != nil && selected.insert(dependency).inserted {
                pending.append(dependency)
            }
        }
        return selected
    }

    /// `services` with every dependency before its dependents; ties in name order.
    static func dependencyOrder(of services: Set<String>, in project: Project) throws(PlannerError) -> [String] {
        var remaining = services
        var order: [String] = []
        while !remaining.isEmpty {
            let ready = remaining.sorted().filter { name in
                (project.services[name]?.dependsOn ?? [:]).keys.allSatisfy { !remaining.contains($0) || $0 == name }
            }
            guard let next = ready.first else {
                throw PlannerError(
                    .invalidProject, "dependency cycle between services \(remaining.sorted().joined(separator: ", "))")
            }
            order.append(next)
            remaining.remove(next)
        }
        return order
    }

    /// The services that depend on `service`, with `filter` applied to the dependency.
    static func dependents(
        of service: String, in project: Project, where filter: (ServiceDependency) -> Bool = { _ in true }
    ) -> [String] {
        project.serviceNames.filter { name in
            guard let dependency = project.services[name]?.dependsOn?[service] else { return false }
            return filter(dependency)
        }
    }
}
