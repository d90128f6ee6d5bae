/// One image in the reply of `GET /images/json`.
public struct ImageSummary: Sendable, Equatable, Codable {
    /// The image's ID (`sha256:...`).
    public var id: String
    /// The parent image's ID.
    public var parentID: String?
    /// Its tags (`busybox:latest`).
    public var repoTags: [String]?
    /// Its digests (`busybox@sha256:...`).
    public var repoDigests: [String]?
    /// When it was created, in seconds since the epoch.
    public var created: Int64?
    /// Its size in bytes.
    public var size: Int64?
    /// Bytes shared with other images; -1 when not computed.
    public var sharedSize: Int64?
    /// Labels.
    public var labels: [String: String]?
    /// How many containers use it; -1 when not computed.
    public var containers: Int?

    /// Creates a summary.
    public init(id: String, repoTags: [String]? = nil) {
        self.id = id
        self.repoTags = repoTags
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", parentID = "ParentId", repoTags = "RepoTags", repoDigests = "RepoDigests"
        case created = "Created", size = "Size", sharedSize = "SharedSize", labels = "Labels"
        case containers = "Containers"
    }
}

/// The reply of `GET /images/{name}/json` (the fields compose uses).
public struct ImageInspect: Sendable, Equatable, Codable {
    /// The image's ID (`sha256:...`).
    public var id: String
    /// Its tags.
    public var repoTags: [String]?
    /// Its digests.
    public var repoDigests: [String]?
    /// The parent image's ID.
    public var parent: String?
    /// The commit message.
    public var comment: String?
    /// When it was created (RFC 3339).
    public var created: String?
    /// Its author.
    public var author: String?
    /// The default configuration of containers run from it (`ImageConfig`, same field names).
    public var config: ContainerConfig?
    /// The CPU architecture (`amd64`).
    public var architecture: String?
    /// The architecture variant (`v8`).
    public var variant: String?
    /// The operating system (`linux`).
    public var os: String?
    /// Its size in bytes.
    public var size: Int64?
    /// Its layers.
    public var rootFS: RootFS?

    /// Creates a reply.
    public init(id: String, repoTags: [String]? = nil, config: ContainerConfig? = nil) {
        self.id = id
        self.repoTags = repoTags
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", repoDigests = "RepoDigests", parent = "Parent", comment = "Comment"
        case created = "Created", author = "Author", config = "Config", architecture = "Architecture"
        case variant = "Variant", os = "Os", size = "Size", rootFS = "RootFS"
    }

    /// The layers of an image.
    public struct RootFS: Sendable, Equatable, Codable {
        /// `layers`.
        public var type: String
        /// The layers' diff IDs, bottom first.
        public var layers: [String]?

        /// Creates a value.
        public init(type: String = "layers", layers: [String]? = nil) {
            self.type = type
            self.layers = layers
        }

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case layers = "Layers"
        }
    }
}

/// One item of the reply of `DELETE /images/{name}`.
public struct ImageDeleteResponseItem: Sendable, Equatable, Codable {
    /// A tag removed.
    public var untagged: String?
    /// An image ID deleted.
    public var deleted: String?

    /// Creates an item.
    public init(untagged: String? = nil, deleted: String? = nil) {
        self.untagged = untagged
        self.deleted = deleted
    }

    enum CodingKeys: String, CodingKey {
        case untagged = "Untagged"
        case deleted = "Deleted"
    }
}

/// One JSON message of the progress stream of `POST /images/create` (a pull).
public struct ImagePullProgress: Sendable, Equatable, Codable {
    /// The layer or tag the message is about.
    public var id: String?
    /// What happens (`Pulling fs layer`, `Download complete`, `Status: Downloaded newer image for ...`).
    public var status: String?
    /// A rendered progress bar.
    public var progress: String?
    /// Bytes done and in all.
    public var progressDetail: ProgressDetail?
    /// An error that ended the pull (deprecated; see `errorDetail`).
    public var error: String?
    /// An error that ended the pull.
    public var errorDetail: ErrorDetail?

    /// Creates a message.
    public init(id: String? = nil, status: String? = nil) {
        self.id = id
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case id, status, progress, progressDetail, error, errorDetail
    }

    /// Bytes done and in all.
    public struct ProgressDetail: Sendable, Equatable, Codable {
        /// Bytes done.
        public var current: Int64?
        /// Bytes in all.
        public var total: Int64?

        /// Creates a value.
        public init(current: Int64? = nil, total: Int64? = nil) {
            self.current = current
            self.total = total
        }
    }

    /// An error in a progress stream.
    public struct ErrorDetail: Sendable, Equatable, Codable {
        /// A code, when the engine gives one.
        public var code: Int?
        /// What went wrong.
        public var message: String?

        /// Creates a value.
        public init(code: Int? = nil, message: String? = nil) {
            self.code = code
            self.message = message
        }
    }
}
