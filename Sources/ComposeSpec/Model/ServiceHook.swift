/// A command run in a container at a point of its life (`post_start`, `pre_stop`).
public struct ServiceHook: Sendable, Equatable, Codable {
    /// The command to run.
    public var command: ShellCommand?
    /// The user the command runs as.
    public var user: String?
    /// Whether the command runs privileged.
    public var privileged: Bool?
    /// The working directory of the command.
    public var workingDir: String?
    /// Environment variables of the command.
    public var environment: [String: String?]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case command
        case user
        case privileged
        case workingDir = "working_dir"
        case environment
        case extensions

        var rule: FieldRule {
            switch self {
            case .command: .nullInJSON
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// Development settings of a service (`develop`).
public struct DevelopConfig: Sendable, Equatable, Codable {
    /// The paths to watch and what to do when they change.
    public var watch: [WatchRule]?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case watch
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }
    }
}

/// A path `watch` follows and what it does on a change (`develop.watch`).
public struct WatchRule: Sendable, Equatable, Codable {
    /// The path to watch, relative to the project directory.
    public var path: String?
    /// `sync`, `rebuild`, `restart`, `sync+restart` or `sync+exec`.
    public var action: String?
    /// Where `sync` copies files in the container.
    public var target: String?
    /// The command `sync+exec` runs.
    public var exec: ServiceHook?
    /// Patterns of the files to watch.
    public var include: [String]?
    /// Patterns of the files to ignore.
    public var ignore: [String]?
    /// Whether files are synced when watching starts.
    public var initialSync: Bool?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case path
        case action
        case target
        case exec
        case include
        case ignore
        case initialSync = "initial_sync"
        case extensions

        var rule: FieldRule {
            switch self {
            case .path, .action: .keepZero
            case .exec: .structValue(jsonDefault: ServiceHook())
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }

        var reading: FieldReading {
            switch self {
            case .include, .ignore: .stringOrList
            default: .plain
            }
        }
    }
}
