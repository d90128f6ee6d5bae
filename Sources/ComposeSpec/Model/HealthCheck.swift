/// How the engine checks a container's health (`healthcheck`).
public struct HealthCheck: Sendable, Equatable, Codable {
    /// The test.
    public var test: HealthCheckTest?
    /// How long one test may run.
    public var timeout: ComposeDuration?
    /// The time between tests.
    public var interval: ComposeDuration?
    /// Consecutive failures before the container is unhealthy.
    public var retries: UInt64?
    /// The start-up time during which failures do not count.
    public var startPeriod: ComposeDuration?
    /// The time between tests during the start period.
    public var startInterval: ComposeDuration?
    /// Whether the image's health check is turned off.
    public var disable: Bool?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case test
        case timeout
        case interval
        case retries
        case startPeriod = "start_period"
        case startInterval = "start_interval"
        case disable
        case extensions

        var rule: FieldRule {
            switch self {
            case .timeout, .interval, .retries, .startPeriod, .startInterval: .keepZero
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// The logging driver of a service (`logging`).
public struct LoggingConfig: Sendable, Equatable, Codable {
    /// The logging driver.
    public var driver: String?
    /// Options of the driver.
    public var options: [String: String]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case driver
        case options
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// The credential spec of a managed service account (Windows).
public struct CredentialSpec: Sendable, Equatable, Codable {
    /// The name of a config holding the spec.
    public var config: String?
    /// A file holding the spec.
    public var file: String?
    /// A registry value holding the spec.
    public var registry: String?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case config
        case file
        case registry
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// The service another one extends (`extends`).
public struct ExtendsConfig: Sendable, Equatable, Codable {
    /// The file holding the service, when it is another file.
    public var file: String?
    /// The name of the service.
    public var service: String?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case file
        case service
    }
}

/// How a service uses one AI model (`models.NAME`).
public struct ServiceModel: Sendable, Equatable, Codable {
    /// The environment variable that receives the model's endpoint.
    public var endpointVariable: String?
    /// The environment variable that receives the model's name.
    public var modelVariable: String?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case endpointVariable = "endpoint_var"
        case modelVariable = "model_var"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// A provider that manages a service instead of containers (`provider`).
public struct ProviderConfig: Sendable, Equatable, Codable {
    /// The provider: a plugin or binary name.
    public var type: String?
    /// Options for the provider; an option may repeat.
    public var options: [String: [String]]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case type
        case options
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }

        var reading: FieldReading {
            switch self {
            case .options: .valuesAsLists
            default: .plain
            }
        }
    }
}
