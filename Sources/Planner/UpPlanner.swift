import ComposeSpec
import EngineAPI

/// The state of one `up` planning pass. Services are visited with their dependencies first, so that the
/// nodes a service waits for exist when it is planned.
struct UpPlanner {
    let project: Project
    let observed: ObservedState
    let options: UpOptions
    let mapping: ContainerMapping
    var plan = Plan()
    var selected: Set<String> = []
    /// Create nodes of networks, volumes and image pulls, by network key, volume key and image reference.
    var networkNodes: [String: Int] = [:]
    var volumeNodes: [String: Int] = [:]
    var imageNodes: [String: Int] = [:]
    /// Every last node of a service's containers: what its dependents' creation waits for.
    var serviceLast: [String: [Int]] = [:]
    /// The start nodes of a service.
    var serviceStarts: [String: [Int]] = [:]
    /// Services with a container to recreate (for the namespace cascade).
    var recreated: Set<String> = []
    /// Networks removed and created again because their configuration changed, by key.
    var recreatedNetworks: Set<String> = []
    /// Stop nodes already planned, by container ID, so that no container is stopped twice.
    var stoppedByPlan: [String: Int] = [:]
    /// Wait nodes by `service|condition`, shared by every dependent.
    var waitNodes: [String: Int] = [:]

    init(project: Project, observed: ObservedState, options: UpOptions, metadata: ProjectMetadata) {
        self.project = project
        self.observed = observed
        self.options = options
        self.mapping = ContainerMapping(project: project, metadata: metadata)
    }

    mutating func run() throws(PlannerError) {
        selected = try Planner.selection(
            of: project, named: options.services, noDependencies: options.noDependencies)
        let services = selected.sorted().compactMap { project.services[$0] }
        try planNetworks(for: services)
        try planVolumes(for: services)
        planImages(for: services)
        for name in try Planner.dependencyOrder(of: selected, in: project) {
            guard let service = project.services[name] else { continue }
            try planService(service)
        }
        planOrphans()
    }

    /// Orphans are reported, and removed only with `--remove-orphans`.
    mutating func planOrphans() {
        let orphans = observed.orphans(services: Set(project.services.keys))
        guard !orphans.isEmpty else { return }
        guard options.removeOrphans else {
            let names = orphans.map(\.name).joined(separator: ", ")
            plan.warnings.append(
                "found orphan containers (\(names)) for this project; if you removed or renamed their service, "
                    + "run this command with --remove-orphans to clean them up")
            return
        }
        for orphan in orphans {
            let stop = plan.add(
                .stopContainer(orphan.reference, timeout: options.timeout), resource: "orphan:\(orphan.name)",
                cause: "orphaned container")
            plan.add(
                .removeContainer(orphan.reference, removeVolumes: false), resource: "orphan:\(orphan.name)",
                cause: "orphaned container", after: [stop])
        }
    }
}
