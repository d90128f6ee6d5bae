import EngineAPI

/// What container create takes from an image: its layers and the defaults of its config.
package struct ImageDefaults: Sendable, Equatable {
    /// The image id (`sha256:...`).
    package var id: String
    /// Snapshot folders, top first (overlay lower layers).
    package var layers: [String]
    package var env: [String] = []
    package var cmd: [String]?
    package var entrypoint: [String]?
    package var workingDir: String?
    package var user: String?
    package var stopSignal: String?
    package var healthcheck: HealthConfig?
    /// Paths the image declares as volumes (each gets an anonymous volume).
    package var volumes: [String] = []
    /// `80/tcp` entries.
    package var exposedPorts: [String] = []
    package var labels: [String: String] = [:]

    /// An image with `layers` and no defaults.
    package init(id: String, layers: [String]) {
        self.id = id
        self.layers = layers
    }
}

/// Resolves image references for container create (the image store in the daemon).
package protocol ImageProvider: Sendable {
    /// The image `reference` names; a 404 `APIError` when there is none.
    func defaults(for reference: String) throws -> ImageDefaults
}
