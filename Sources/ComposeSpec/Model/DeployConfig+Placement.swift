/// When a service's containers are restarted (`deploy.restart_policy`).
public struct RestartPolicy: Sendable, Equatable, Codable {
    /// `none`, `on-failure` or `any`.
    public var condition: String?
    /// The wait between restart attempts.
    public var delay: ComposeDuration?
    /// How many restarts are attempted.
    public var maxAttempts: UInt64?
    /// How long to wait before deciding a restart succeeded.
    public var window: ComposeDuration?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case condition
        case delay
        case maxAttempts = "max_attempts"
        case window
        case extensions

        var rule: FieldRule {
            switch self {
            case .delay, .maxAttempts, .window: .keepZero
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// Where containers are placed (`deploy.placement`, swarm).
public struct Placement: Sendable, Equatable, Codable {
    /// Node constraints (`node.role==manager`).
    public var constraints: [String]?
    /// Spread preferences.
    public var preferences: [PlacementPreference]?
    /// The most containers on one node.
    public var maxReplicasPerNode: UInt64?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case constraints
        case preferences
        case maxReplicasPerNode = "max_replicas_per_node"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// A placement preference.
public struct PlacementPreference: Sendable, Equatable, Codable {
    /// The node label to spread containers over.
    public var spread: String?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case spread
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}
