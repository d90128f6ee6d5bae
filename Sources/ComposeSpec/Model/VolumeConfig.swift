/// A named volume of the project (`volumes.NAME`).
public struct VolumeConfig: Sendable, Equatable, Codable {
    /// The name of the volume in the engine, when not the project-scoped default.
    public var name: String?
    /// The volume driver.
    public var driver: String?
    /// Options of the driver.
    public var driverOptions: [String: String]?
    /// Whether the volume exists outside the project (never created or removed).
    public var external: Bool?
    /// Labels of the volume.
    public var labels: [String: String]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case name
        case driver
        case driverOptions = "driver_opts"
        case external
        case labels
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// A secret or config of the project (`secrets.NAME`, `configs.NAME`).
public struct FileObject: Sendable, Equatable, Codable {
    /// The name in the engine, when not the project-scoped default.
    public var name: String?
    /// The file holding the content.
    public var file: String?
    /// The environment variable holding the content.
    public var environment: String?
    /// The content itself.
    public var content: String?
    /// Whether it exists outside the project.
    public var external: Bool?
    /// Labels.
    public var labels: [String: String]?
    /// The secret driver.
    public var driver: String?
    /// Options of the driver.
    public var driverOptions: [String: String]?
    /// The template driver that renders the content.
    public var templateDriver: String?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case name
        case file
        case environment
        case content
        case external
        case labels
        case driver
        case driverOptions = "driver_opts"
        case templateDriver = "template_driver"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// An AI model of the project (`models.NAME`).
public struct ModelConfig: Sendable, Equatable, Codable {
    /// The name of the model in the model runner.
    public var name: String?
    /// The model to pull (an OCI reference).
    public var model: String?
    /// The context window size, in tokens.
    public var contextSize: Int?
    /// Flags passed to the inference engine.
    public var runtimeFlags: [String]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case name
        case model
        case contextSize = "context_size"
        case runtimeFlags = "runtime_flags"
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}
