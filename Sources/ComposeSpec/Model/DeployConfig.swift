/// Deployment settings of a service (`deploy`).
public struct DeployConfig: Sendable, Equatable, Codable {
    /// `replicated`, `global`, `replicated-job` or `global-job`.
    public var mode: String?
    /// The number of containers.
    public var replicas: Int?
    /// Labels of the service (not of its containers).
    public var labels: [String: String]?
    /// How the service is updated.
    public var updateConfig: UpdateConfig?
    /// How a failed update is rolled back.
    public var rollbackConfig: UpdateConfig?
    /// Resource limits and reservations.
    public var resources: Resources?
    /// When containers are restarted.
    public var restartPolicy: RestartPolicy?
    /// Where containers are placed (swarm).
    public var placement: Placement?
    /// `vip` or `dnsrr`.
    public var endpointMode: String?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case mode
        case replicas
        case labels
        case updateConfig = "update_config"
        case rollbackConfig = "rollback_config"
        case resources
        case restartPolicy = "restart_policy"
        case placement
        case endpointMode = "endpoint_mode"
        case extensions

        var rule: FieldRule {
            switch self {
            case .replicas: .keepZero
            case .resources: .structValue(jsonDefault: Resources())
            case .placement: .structValue(jsonDefault: Placement())
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// How a service is updated or rolled back (`update_config`, `rollback_config`).
public struct UpdateConfig: Sendable, Equatable, Codable {
    /// How many containers are updated at once.
    public var parallelism: UInt64?
    /// The wait between updates of groups of containers.
    public var delay: ComposeDuration?
    /// What to do when an update fails: `continue`, `rollback` or `pause`.
    public var failureAction: String?
    /// How long each update is watched for failure.
    public var monitor: ComposeDuration?
    /// The failure rate tolerated during an update.
    public var maxFailureRatio: Float?
    /// `stop-first` or `start-first`.
    public var order: String?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case parallelism
        case delay
        case failureAction = "failure_action"
        case monitor
        case maxFailureRatio = "max_failure_ratio"
        case order
        case extensions

        var rule: FieldRule {
            switch self {
            case .parallelism: .keepZero
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// Resource limits and reservations (`deploy.resources`).
public struct Resources: Sendable, Equatable, Codable {
    /// The limits the containers may not exceed.
    public var limits: ResourceLimits?
    /// The resources reserved for the containers.
    public var reservations: ResourceLimits?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case limits
        case reservations
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// Resources limited or reserved for each container.
public struct ResourceLimits: Sendable, Equatable, Codable {
    /// A number of CPUs (fractional).
    public var cpus: Float?
    /// An amount of memory.
    public var memory: ByteSize?
    /// A number of processes.
    public var pids: Int64?
    /// Devices such as GPUs.
    public var devices: [DeviceRequest]?
    /// User-defined resources (swarm).
    public var genericResources: [GenericResource]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case cpus
        case memory
        case pids
        case devices
        case genericResources = "generic_resources"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// A user-defined resource (swarm).
public struct GenericResource: Sendable, Equatable, Codable {
    /// A resource counted in units.
    public var discreteResourceSpec: DiscreteResourceSpec?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case discreteResourceSpec = "discrete_resource_spec"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// A resource counted in units.
public struct DiscreteResourceSpec: Sendable, Equatable, Codable {
    /// The kind of resource (`gpu`, `ssd`).
    public var kind: String?
    /// How many units.
    public var value: Int64?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case kind
        case value
        case extensions

        var rule: FieldRule {
            switch self {
            case .kind, .value: .keepZero
            case .extensions: .inlineExtensions(inJSON: false)
            }
        }
    }
}
