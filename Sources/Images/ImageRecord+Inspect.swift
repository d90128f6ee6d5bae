import Foundation

/// Docker's `docker image inspect` JSON object for one image.
package struct DockerImageInspect: Codable, Sendable {
    /// `sha256:<config digest>`.
    package var Id: String
    /// Familiar tags.
    package var RepoTags: [String]
    /// `name@sha256:...`.
    package var RepoDigests: [String]
    /// Always empty (no parent chains in this store).
    package var Parent: String
    /// History comment of the last step.
    package var Comment: String
    /// RFC 3339 creation time.
    package var Created: String
    /// Docker version that built it (empty).
    package var DockerVersion: String
    /// Author.
    package var Author: String
    /// The container defaults.
    package var Config: ContainerConfig
    /// `amd64`.
    package var Architecture: String
    /// Variant, when set.
    package var Variant: String?
    /// `linux`.
    package var Os: String
    /// Size in bytes.
    package var Size: Int64
    /// The layers by diff ID.
    package var RootFS: RootFS
    /// Metadata (last tag time).
    package var Metadata: Metadata

    /// `{"Type": "layers", "Layers": [...]}`.
    package struct RootFS: Codable, Sendable {
        /// `layers`.
        package var `Type`: String
        /// Diff IDs.
        package var Layers: [String]
    }

    /// `{"LastTagTime": ...}`.
    package struct Metadata: Codable, Sendable {
        /// When a tag was last set.
        package var LastTagTime: String
    }
}

extension ImageRecord {
    /// This image in Docker's inspect shape.
    package var dockerInspect: DockerImageInspect {
        DockerImageInspect(
            Id: id.description, RepoTags: repoTags, RepoDigests: repoDigests, Parent: "",
            Comment: config.history?.last?.comment ?? "", Created: created ?? "", DockerVersion: "",
            Author: config.author ?? "", Config: config.config ?? ContainerConfig(), Architecture: config.architecture,
            Variant: config.variant, Os: config.os, Size: size,
            RootFS: .init(Type: "layers", Layers: config.rootfs.diff_ids.map(\.description)),
            Metadata: .init(LastTagTime: "0001-01-01T00:00:00Z"))
    }
}
