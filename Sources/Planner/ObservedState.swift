import EngineAPI

/// What the engine holds of a project, read through its labels (`com.docker.compose.project`): containers
/// in every state, networks and volumes, plus the external networks and volumes the project names and the
/// images its services use. No private side file: this is the whole of the state the planner compares.
package struct ObservedState: Sendable, Equatable {
    /// The project's containers, one-off ones included.
    package var containers: [ContainerSummary]
    /// The project's networks and the external networks it uses.
    package var networks: [NetworkSummary]
    /// The project's volumes and the external volumes it uses.
    package var volumes: [Volume]
    /// The images present in the engine, by the reference the services name them with.
    package var images: [String: ImageInspect]

    /// Creates an observed state.
    package init(
        containers: [ContainerSummary] = [], networks: [NetworkSummary] = [], volumes: [Volume] = [],
        images: [String: ImageInspect] = [:]
    ) {
        self.containers = containers
        self.networks = networks
        self.volumes = volumes
        self.images = images
    }

    /// The non-one-off containers of `service`, by replica number.
    package func containers(ofService service: String) -> [ObservedContainer] {
        containers.compactMap(ObservedContainer.init).filter { $0.service == service && !$0.isOneOff }
            .sorted { ($0.number, $0.summary.created ?? 0, $0.id) < ($1.number, $1.summary.created ?? 0, $1.id) }
    }

    /// Containers of services the project no longer has; one-off containers are never orphans.
    package func orphans(services: Set<String>) -> [ObservedContainer] {
        containers.compactMap(ObservedContainer.init).filter { !$0.isOneOff && !services.contains($0.service) }
            .sorted { $0.name < $1.name }
    }

    /// The network named `name`.
    package func network(named name: String) -> NetworkSummary? { networks.first { $0.name == name } }

    /// The volume named `name`.
    package func volume(named name: String) -> Volume? { volumes.first { $0.name == name } }
}

/// A container of the project with its compose labels read.
package struct ObservedContainer: Sendable, Equatable {
    /// The engine's summary.
    package var summary: ContainerSummary
    /// The service label.
    package var service: String
    /// The replica number; 0 when absent or unreadable (one-off containers).
    package var number: Int
    /// Whether it is a one-off container of `run`.
    package var isOneOff: Bool

    /// Reads the labels of `summary`; nil when it has no service label.
    package init?(_ summary: ContainerSummary) {
        guard let service = summary.labels?[Labels.service] else { return nil }
        self.summary = summary
        self.service = service
        self.number = summary.labels?[Labels.containerNumber].flatMap { Int($0) } ?? 0
        self.isOneOff = summary.labels?[Labels.oneoff] == "True"
    }

    /// The container's ID.
    package var id: String { summary.id }
    /// The container's name, without the leading `/`.
    package var name: String {
        let name = summary.names?.first ?? summary.id
        return name.hasPrefix("/") ? String(name.dropFirst()) : name
    }
    /// The config hash it was created with.
    package var configHash: String? { summary.labels?[Labels.configHash] }
    /// The image ID it was created from (`com.docker.compose.image`).
    package var imageID: String? { summary.labels?[Labels.image] }
    /// The engine state (`running`, `exited`, ...).
    package var state: String { summary.state ?? "" }
    /// Whether its process runs (paused and restarting count as running: `up` leaves them alone).
    package var isRunning: Bool { ["running", "paused", "restarting"].contains(state) }
    /// A reference for actions.
    package var reference: ContainerRef { .existing(id: id, name: name) }
}
