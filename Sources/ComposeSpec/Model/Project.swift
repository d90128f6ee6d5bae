/// A loaded compose project: its services and the networks, volumes, secrets, configs and models they use.
/// Collections of named things are dictionaries; everything that writes them out sorts the names.
public struct Project: Sendable, Equatable, Codable {
    /// The project's name.
    public var name: String
    /// The services, by name.
    public var services: [String: Service]
    /// The networks, by name.
    public var networks: [String: NetworkConfig]
    /// The named volumes, by name.
    public var volumes: [String: VolumeConfig]
    /// The secrets, by name.
    public var secrets: [String: SecretObject]
    /// The configs, by name.
    public var configs: [String: ConfigObject]
    /// The AI models, by name.
    public var models: [String: ModelConfig]
    /// The top-level `x-` extension fields.
    public var extensions: Extensions

    /// Creates a project with nothing in it.
    public init(name: String = "") {
        self.name = name
        services = [:]
        networks = [:]
        volumes = [:]
        secrets = [:]
        configs = [:]
        models = [:]
        extensions = [:]
    }

    /// The names of the services, sorted.
    public var serviceNames: [String] { services.keys.sorted() }

    enum CodingKeys: String, ModelKey {
        case name, services, networks, volumes, secrets, configs, models, extensions

        var rule: FieldRule {
            switch self {
            case .services: .keepZero
            case .extensions: .inlineExtensions(inJSON: true)
            default: .omitEmpty
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        let services = try container.decodeIfPresent([String: Service].self, forKey: .services) ?? [:]
        self.services = Dictionary(
            uniqueKeysWithValues: services.map { name, service in
                var service = service
                service.name = name
                return (name, service)
            })
        networks = try container.decodeIfPresent([String: NetworkConfig].self, forKey: .networks) ?? [:]
        volumes = try container.decodeIfPresent([String: VolumeConfig].self, forKey: .volumes) ?? [:]
        secrets = try container.decodeIfPresent([String: SecretObject].self, forKey: .secrets) ?? [:]
        configs = try container.decodeIfPresent([String: ConfigObject].self, forKey: .configs) ?? [:]
        models = try container.decodeIfPresent([String: ModelConfig].self, forKey: .models) ?? [:]
        extensions = try container.decodeIfPresent(Extensions.self, forKey: .extensions) ?? [:]
    }

    /// Written as compose-go writes a project: JSON always has the name; secret content is never written,
    /// and config content only when it did not come from an environment variable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if encoder.canonicalFormat == .json || !name.isEmpty { try container.encode(name, forKey: .name) }
        try container.encode(services, forKey: .services)
        try container.encode(networks, forKey: .networks)
        try container.encode(volumes, forKey: .volumes)
        try container.encode(secrets.mapValues { $0.withoutContent() }, forKey: .secrets)
        try container.encode(configs.mapValues { $0.environment == nil ? $0 : $0.withoutContent() }, forKey: .configs)
        try container.encode(models, forKey: .models)
        try container.encode(extensions, forKey: .extensions)
    }
}

/// A secret of the project.
public typealias SecretObject = FileObject
/// A config of the project.
public typealias ConfigObject = FileObject

extension FileObject {
    fileprivate func withoutContent() -> FileObject {
        var copy = self
        copy.content = nil
        return copy
    }
}

extension Project {
    /// The project as `berth config` writes it in YAML, byte for byte as `docker compose config` does.
    package func canonicalYAML() throws -> String {
        CanonicalYAMLWriter.document(try CanonicalEncoder(format: .yaml).encode(self))
    }

    /// The project as `berth config --format json` writes it, as `docker compose config` does.
    package func canonicalJSON() throws -> String {
        var tree = try CanonicalEncoder(format: .json).encode(self)
        // compose-go writes the top level as a Go map, so its keys come out sorted.
        if case .fields(let entries) = tree { tree = .map(entries) }
        return CanonicalJSONWriter.document(tree)
    }
}
