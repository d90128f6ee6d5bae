/// One image in `manifest.json` of a `docker save` archive.
struct DockerArchiveEntry: Codable, Sendable {
    /// Path of the config file inside the archive.
    var Config: String
    /// Familiar tags (`busybox:latest`).
    var RepoTags: [String]?
    /// Paths of the layer tars, bottom first.
    var Layers: [String]
}

/// Annotation keys that name an image in an OCI layout index.
enum LayoutAnnotation {
    /// The full reference (containerd, Docker 25+).
    static let imageName = "io.containerd.image.name"
    /// The OCI reference name (a tag, or a full reference as skopeo writes it).
    static let refName = "org.opencontainers.image.ref.name"
}
