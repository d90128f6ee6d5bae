/// A service that must start before another (`depends_on.NAME`).
public struct ServiceDependency: Sendable, Equatable, Codable {
    /// What to wait for: `service_started`, `service_healthy` or `service_completed_successfully`.
    public var condition: String
    /// Whether the dependent service restarts when this one is updated.
    public var restart: Bool?
    /// Whether the dependency must exist and start; when false, a missing one is skipped with a warning.
    public var required: Bool
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates a dependency.
    public init(condition: String = "service_started", restart: Bool? = nil, required: Bool = true) {
        self.condition = condition
        self.restart = restart
        self.required = required
    }

    enum CodingKeys: String, ModelKey {
        case condition, restart, extensions, required

        var rule: FieldRule {
            switch self {
            case .required: .keepZero
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }

    /// `required` defaults to true, as in the Compose Specification.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        condition = try container.decode(String.self, forKey: .condition)
        restart = try container.decodeIfPresent(Bool.self, forKey: .restart)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? true
        extensions = try container.decodeIfPresent(Extensions.self, forKey: .extensions)
    }
}

/// A file of environment variables (`env_file`, long syntax).
public struct EnvFile: Sendable, Equatable, Codable {
    /// The file's path.
    public var path: String
    /// Whether a missing file is an error (default true).
    public var required: Bool
    /// The file's format; none for the dotenv format.
    public var format: String?

    /// Creates a reference to an env file.
    public init(path: String, required: Bool = true, format: String? = nil) {
        self.path = path
        self.required = required
        self.format = format
    }

    enum CodingKeys: String, ModelKey {
        case path, required, format

        var rule: FieldRule { self == .required ? .optOut : .omitEmpty }
    }

    /// `required` defaults to true, as in the Compose Specification.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? true
        format = try container.decodeIfPresent(String.self, forKey: .format)
    }
}
