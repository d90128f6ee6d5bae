/// How a service's image is built.
public struct BuildConfig: Sendable, Equatable, Codable {
    /// The build context: a directory or a URL.
    public var context: String?
    /// The Dockerfile, relative to the context.
    public var dockerfile: String?
    /// The Dockerfile's text, instead of a file.
    public var dockerfileInline: String?
    /// Extra privileges the build may use.
    public var entitlements: [String]?
    /// Build arguments; a nil value is taken from the environment.
    public var args: [String: String?]?
    /// Provenance attestation settings.
    public var provenance: String?
    /// SBOM attestation settings.
    public var sbom: String?
    /// SSH agent sockets or keys the build may use.
    public var ssh: [SSHKey]?
    /// Labels of the image.
    public var labels: [String: String]?
    /// Cache sources.
    public var cacheFrom: [String]?
    /// Cache destinations.
    public var cacheTo: [String]?
    /// Whether the build ignores its cache.
    public var noCache: Bool?
    /// Build stages that ignore the cache.
    public var noCacheFilter: [String]?
    /// Named extra build contexts.
    public var additionalContexts: [String: String]?
    /// Whether base images are always pulled.
    public var pull: Bool?
    /// Extra `/etc/hosts` entries during the build.
    public var extraHosts: HostList?
    /// The isolation technology (Windows).
    public var isolation: String?
    /// The network of `RUN` steps.
    public var network: String?
    /// The build stage to stop at.
    public var target: String?
    /// Secrets the build may use.
    public var secrets: [ServiceFileReference]?
    /// The size of `/dev/shm` during the build.
    public var shmSize: ByteSize?
    /// More tags for the image.
    public var tags: [String]?
    /// Resource limits during the build.
    public var ulimits: [String: Ulimit]?
    /// Platforms to build for.
    public var platforms: [String]?
    /// Whether the build runs privileged.
    public var privileged: Bool?
    /// The `x-` extension fields.
    public var extensions: Extensions?

    /// Creates an empty value.
    public init() {}

    enum CodingKeys: String, ModelKey {
        case context
        case dockerfile
        case dockerfileInline = "dockerfile_inline"
        case entitlements
        case args
        case provenance
        case sbom
        case ssh
        case labels
        case cacheFrom = "cache_from"
        case cacheTo = "cache_to"
        case noCache = "no_cache"
        case noCacheFilter = "no_cache_filter"
        case additionalContexts = "additional_contexts"
        case pull
        case extraHosts = "extra_hosts"
        case isolation
        case network
        case target
        case secrets
        case shmSize = "shm_size"
        case tags
        case ulimits
        case platforms
        case privileged
        case extensions

        var rule: FieldRule {
            switch self {
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }

        var reading: FieldReading {
            switch self {
            case .ssh: .mappingAsList
            case .noCacheFilter: .stringOrList
            default: .plain
            }
        }
    }
}
