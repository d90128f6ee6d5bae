import EngineAPI

/// One node of a plan: one engine call, what it acts on, why, and the nodes that must finish first.
package struct Action: Sendable, Equatable, Identifiable {
    /// The node's number in its plan, from 1.
    package var id: Int
    /// What it acts on: `network:default`, `volume:data`, `image:busybox`, `service:web:1`, `orphan:NAME`.
    package var resource: String
    /// The engine call.
    package var kind: ActionKind
    /// Why it is needed (`not found`, `config hash changed`, `scale down`).
    package var cause: String
    /// The nodes that must finish first, ascending.
    package var dependencies: [Int]

    /// Creates an action.
    package init(id: Int, resource: String, kind: ActionKind, cause: String, dependencies: [Int] = []) {
        self.id = id
        self.resource = resource
        self.kind = kind
        self.cause = cause
        self.dependencies = dependencies
    }

    /// The line `up --dry-run` prints: `[1 2] -> #3 service:web:1, createContainer, config hash changed`.
    package var line: String {
        let deps = dependencies.map(String.init).joined(separator: " ")
        return "[\(deps)] -> #\(id) \(resource), \(kind.name), \(cause)"
    }
}

/// A container an action acts on: one that exists, or the one an earlier action of the plan creates.
package enum ContainerRef: Sendable, Equatable {
    /// An existing container.
    case existing(id: String, name: String)
    /// The container created by action `action` (named `name` at creation).
    case created(action: Int, name: String)
}

/// What a depends_on condition waits for.
package enum DependencyCondition: String, Sendable, Equatable {
    /// The dependency's containers were started.
    case started = "service_started"
    /// The dependency's containers are healthy.
    case healthy = "service_healthy"
    /// The dependency's containers exited with status 0.
    case completedSuccessfully = "service_completed_successfully"
}

/// The engine call of an action.
package enum ActionKind: Sendable, Equatable {
    /// Pull an image.
    case pullImage(reference: String, platform: String?)
    /// Create a network.
    case createNetwork(NetworkCreateRequest)
    /// Remove a network, by name.
    case removeNetwork(name: String)
    /// Create a volume.
    case createVolume(VolumeCreateRequest)
    /// Remove a volume, by name.
    case removeVolume(name: String)
    /// Create replica `number` of `service` under `name`.
    case createContainer(service: String, number: Int, name: String, request: ContainerCreateRequest)
    /// Start a container.
    case startContainer(ContainerRef)
    /// Stop a container (`timeout` in seconds; nil: its own stop timeout).
    case stopContainer(ContainerRef, timeout: Int?)
    /// Remove a stopped container, with its anonymous volumes when `removeVolumes`.
    case removeContainer(ContainerRef, removeVolumes: Bool)
    /// Rename a container.
    case renameContainer(ContainerRef, newName: String)
    /// Copy configs and secrets into a container (before it starts).
    case copyFiles(ContainerRef, files: [InjectedFile])
    /// Wait until every container of `service` meets `condition`; a failure fails the plan when `required`.
    case waitCondition(service: String, condition: DependencyCondition, required: Bool)
    /// Connect a container to a network.
    case connectNetwork(network: String, ContainerRef, EndpointSettings)
    /// Disconnect a container from a network.
    case disconnectNetwork(network: String, ContainerRef)
    /// Remove an image.
    case removeImage(reference: String)

    /// The kind's name as plans print it.
    package var name: String {
        switch self {
        case .pullImage: "pullImage"
        case .createNetwork: "createNetwork"
        case .removeNetwork: "removeNetwork"
        case .createVolume: "createVolume"
        case .removeVolume: "removeVolume"
        case .createContainer: "createContainer"
        case .startContainer: "startContainer"
        case .stopContainer: "stopContainer"
        case .removeContainer: "removeContainer"
        case .renameContainer: "renameContainer"
        case .copyFiles: "copyFiles"
        case .waitCondition(_, let condition, _):
            switch condition {
            case .started: "waitStarted"
            case .healthy: "waitHealthy"
            case .completedSuccessfully: "waitCompleted"
            }
        case .connectNetwork: "connectNetwork"
        case .disconnectNetwork: "disconnectNetwork"
        case .removeImage: "removeImage"
        }
    }
}
