/// The body of `POST /containers/create`: the `Config` fields at the top level, plus `HostConfig` and
/// `NetworkingConfig`. The container's name and platform are query parameters, passed apart.
public struct ContainerCreateRequest: Sendable, Equatable, Codable {
    /// The portable configuration, written inline.
    public var config: ContainerConfig
    /// The host configuration.
    public var hostConfig: HostConfig?
    /// The networks to join at creation.
    public var networkingConfig: NetworkingConfig?

    /// Creates a request.
    public init(
        config: ContainerConfig = ContainerConfig(), hostConfig: HostConfig? = nil,
        networkingConfig: NetworkingConfig? = nil
    ) {
        self.config = config
        self.hostConfig = hostConfig
        self.networkingConfig = networkingConfig
    }

    enum CodingKeys: String, CodingKey {
        case hostConfig = "HostConfig"
        case networkingConfig = "NetworkingConfig"
    }

    /// Reads the inline `Config` fields and the two nested objects from one JSON object.
    public init(from decoder: any Decoder) throws {
        config = try ContainerConfig(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hostConfig = try container.decodeIfPresent(HostConfig.self, forKey: .hostConfig)
        networkingConfig = try container.decodeIfPresent(NetworkingConfig.self, forKey: .networkingConfig)
    }

    /// Writes one JSON object: the `Config` fields, then `HostConfig` and `NetworkingConfig`.
    public func encode(to encoder: any Encoder) throws {
        try config.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(hostConfig, forKey: .hostConfig)
        try container.encodeIfPresent(networkingConfig, forKey: .networkingConfig)
    }
}

/// The reply of `POST /containers/create`.
public struct ContainerCreateResponse: Sendable, Equatable, Codable {
    /// The new container's ID.
    public var id: String
    /// Warnings met while creating it.
    public var warnings: [String]?

    /// Creates a reply.
    public init(id: String, warnings: [String]? = nil) {
        self.id = id
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case warnings = "Warnings"
    }
}

/// The reply of `POST /containers/{id}/wait`.
public struct ContainerWaitResponse: Sendable, Equatable, Codable {
    /// The container's exit code.
    public var statusCode: Int
    /// An error met while waiting.
    public var error: WaitError?

    /// Creates a reply.
    public init(statusCode: Int, error: WaitError? = nil) {
        self.statusCode = statusCode
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case statusCode = "StatusCode"
        case error = "Error"
    }

    /// The error of a wait.
    public struct WaitError: Sendable, Equatable, Codable {
        /// What went wrong.
        public var message: String?

        /// Creates an error.
        public init(message: String? = nil) {
            self.message = message
        }

        enum CodingKeys: String, CodingKey {
            case message = "Message"
        }
    }
}

/// The reply of `GET /containers/{id}/top`.
public struct ContainerTopResponse: Sendable, Equatable, Codable {
    /// The column titles of `ps`.
    public var titles: [String]
    /// One row per process.
    public var processes: [[String]]

    /// Creates a reply.
    public init(titles: [String], processes: [[String]]) {
        self.titles = titles
        self.processes = processes
    }

    enum CodingKeys: String, CodingKey {
        case titles = "Titles"
        case processes = "Processes"
    }
}
