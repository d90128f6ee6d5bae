/// When existing containers are replaced (`--force-recreate`, `--no-recreate`, `--always-recreate-deps`).
package enum RecreatePolicy: Sendable, Equatable {
    /// Only when the config hash or the image changed (the default).
    case diverged
    /// Always.
    case force
    /// Never.
    case never
}

/// The options of `up` and `create` that change the plan.
package struct UpOptions: Sendable, Equatable {
    /// The services named on the command line; empty for all.
    package var services: [String]
    /// Policy for the named services (all when none is named).
    package var recreate: RecreatePolicy
    /// Policy for the dependencies of the named services.
    package var recreateDependencies: RecreatePolicy
    /// `--no-deps`: leave the named services' dependencies alone.
    package var noDependencies: Bool
    /// `-V`: new anonymous volumes for recreated containers instead of the old ones.
    package var renewAnonymousVolumes: Bool
    /// `--remove-orphans`: remove containers of services the project no longer has.
    package var removeOrphans: Bool
    /// `--scale SERVICE=N`, overriding `scale` and `deploy.replicas`.
    package var scale: [String: Int]
    /// `--no-start` (and `create`): create without starting.
    package var noStart: Bool
    /// `--pull`: `always`, `missing` or `never`, overriding each service's `pull_policy`.
    package var pull: String?
    /// `-t`: seconds to wait for stopping containers; nil for each container's own timeout.
    package var timeout: Int?

    /// Creates options with Docker Compose's defaults.
    package init(
        services: [String] = [], recreate: RecreatePolicy = .diverged,
        recreateDependencies: RecreatePolicy = .diverged, noDependencies: Bool = false,
        renewAnonymousVolumes: Bool = false, removeOrphans: Bool = false, scale: [String: Int] = [:],
        noStart: Bool = false, pull: String? = nil, timeout: Int? = nil
    ) {
        self.services = services
        self.recreate = recreate
        self.recreateDependencies = recreateDependencies
        self.noDependencies = noDependencies
        self.renewAnonymousVolumes = renewAnonymousVolumes
        self.removeOrphans = removeOrphans
        self.scale = scale
        self.noStart = noStart
        self.pull = pull
        self.timeout = timeout
    }
}

/// The options of `down`.
package struct DownOptions: Sendable, Equatable {
    /// `-v`: remove named volumes and anonymous ones.
    package var removeVolumes: Bool
    /// `--rmi local|all`: remove images of services without an `image` (local) or all of them.
    package var removeImages: ImageRemoval?
    /// `--remove-orphans`.
    package var removeOrphans: Bool
    /// `-t`: seconds to wait for stopping containers.
    package var timeout: Int?

    /// Which images `down --rmi` removes.
    package enum ImageRemoval: String, Sendable, Equatable {
        /// Images built for services without an `image` name.
        case local
        /// Every image the services use.
        case all
    }

    /// Creates options with Docker Compose's defaults.
    package init(
        removeVolumes: Bool = false, removeImages: ImageRemoval? = nil, removeOrphans: Bool = false,
        timeout: Int? = nil
    ) {
        self.removeVolumes = removeVolumes
        self.removeImages = removeImages
        self.removeOrphans = removeOrphans
        self.timeout = timeout
    }
}
