import Foundation

/// What the store knows of one image: identity, names and the parsed config.
package struct ImageRecord: Sendable {
    /// The image ID: the digest of its config blob.
    package var id: ImageDigest
    /// The manifest this image was stored with.
    package var manifestDigest: ImageDigest
    /// Tags in Docker's familiar form (`busybox:latest`), sorted.
    package var repoTags: [String]
    /// `name@digest` of the manifest in each repository it came from or was pushed to, sorted.
    package var repoDigests: [String]
    /// Creation time from the config (RFC 3339), if any.
    package var created: String?
    /// Total size of the layer blobs in bytes.
    package var size: Int64
    /// The parsed image config (Env, Cmd, Entrypoint, ... under `config.config`).
    package var config: ImageConfig
    /// The layer descriptors, bottom first.
    package var layers: [Descriptor]
}

/// The per-image entry of `images.json`.
struct StoredImage: Codable, Sendable {
    var id: ImageDigest
    var manifest: ImageDigest
    /// Full names (`docker.io/library/busybox:latest`).
    var tags: [String]
    /// Full `name@sha256:...`.
    var repoDigests: [String]
    var lastTagTime: String?
}

/// The store's metadata file: every image by ID.
struct StoreIndex: Codable, Sendable {
    var images: [String: StoredImage] = [:]
}
