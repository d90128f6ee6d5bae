/// A content descriptor: what a manifest or index says about a blob.
package struct Descriptor: Codable, Hashable, Sendable {
    /// The blob's media type.
    package var mediaType: String
    /// The blob's digest.
    package var digest: ImageDigest
    /// The blob's size in bytes.
    package var size: Int64
    /// The platform, in an index.
    package var platform: Platform?
    /// Annotations (`org.opencontainers.image.ref.name` in an OCI layout index).
    package var annotations: [String: String]?
    /// Alternate download locations (foreign layers); refused, never fetched.
    package var urls: [String]?

    /// A descriptor without platform or annotations.
    package init(mediaType: String, digest: ImageDigest, size: Int64) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
    }
}

/// An OS/architecture pair, as in an index.
package struct Platform: Codable, Hashable, Sendable, CustomStringConvertible {
    /// `linux`.
    package var os: String
    /// `amd64`, `arm64`.
    package var architecture: String
    /// `v8`, `v7`.
    package var variant: String?

    enum CodingKeys: String, CodingKey {
        case os, architecture, variant
    }

    /// Makes a platform.
    package init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// Parses `os/arch[/variant]`.
    package static func parse(_ text: String) throws(ImageError) -> Platform {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw ImageError(.unsupported, "platform \"\(text)\": expected os/architecture[/variant]")
        }
        return Platform(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// This host's platform (linux and the architecture the binary was built for).
    package static var host: Platform {
        #if arch(arm64)
            Platform(os: "linux", architecture: "arm64", variant: "v8")
        #else
            Platform(os: "linux", architecture: "amd64")
        #endif
    }

    /// `linux/amd64`.
    package var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }

    /// Whether an index entry for `other` runs here (a missing variant matches any).
    package func matches(_ other: Platform) -> Bool {
        os == other.os && architecture == other.architecture
            && (variant == nil || other.variant == nil || variant == other.variant)
    }
}

/// An OCI image manifest or Docker v2 schema 2 manifest (the same shape).
package struct Manifest: Codable, Sendable {
    /// Always 2.
    package var schemaVersion: Int
    /// The manifest's own media type (may be missing in OCI manifests).
    package var mediaType: String?
    /// The image config blob.
    package var config: Descriptor
    /// The layers, bottom first.
    package var layers: [Descriptor]
    /// Annotations.
    package var annotations: [String: String]?
}

/// An OCI image index or Docker manifest list.
package struct ImageIndex: Codable, Sendable {
    /// Always 2.
    package var schemaVersion: Int
    /// The index's own media type.
    package var mediaType: String?
    /// One entry per platform (or per tagged image in an OCI layout).
    package var manifests: [Descriptor]
}

/// An image config blob: what the runtime applies as defaults, and the layers' diff IDs.
package struct ImageConfig: Codable, Sendable {
    /// When the image was made (RFC 3339).
    package var created: String?
    /// Who made it.
    package var author: String?
    /// `amd64`.
    package var architecture: String
    /// `linux`.
    package var os: String
    /// Architecture variant.
    package var variant: String?
    /// The container defaults.
    package var config: ContainerConfig?
    /// The diff IDs of the layers.
    package var rootfs: RootFS
    /// How each layer was made.
    package var history: [History]?

    /// The uncompressed digests of the layers, bottom first.
    package struct RootFS: Codable, Sendable {
        /// Always `layers`.
        package var type: String
        /// One per layer.
        package var diff_ids: [ImageDigest]
    }

    /// One step of the image's history.
    package struct History: Codable, Sendable {
        /// When.
        package var created: String?
        /// The command that made it.
        package var created_by: String?
        /// A comment.
        package var comment: String?
        /// Whether it made no layer.
        package var empty_layer: Bool?
    }
}

/// The container defaults in an image config (Docker's capitalised keys).
package struct ContainerConfig: Codable, Sendable, Equatable {
    /// `user[:group]`.
    package var User: String?
    /// `"80/tcp": {}`.
    package var ExposedPorts: [String: EmptyObject]?
    /// `KEY=value`.
    package var Env: [String]?
    /// The entrypoint.
    package var Entrypoint: [String]?
    /// The default command.
    package var Cmd: [String]?
    /// `"/data": {}`.
    package var Volumes: [String: EmptyObject]?
    /// The working directory.
    package var WorkingDir: String?
    /// Labels.
    package var Labels: [String: String]?
    /// `SIGTERM`.
    package var StopSignal: String?
    /// The health check.
    package var Healthcheck: Healthcheck?

    /// An empty config.
    package init() {}
}

/// Docker's health check in an image config (durations in nanoseconds).
package struct Healthcheck: Codable, Sendable, Equatable {
    /// `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`.
    package var Test: [String]?
    /// Between checks.
    package var Interval: Int64?
    /// Before a check counts as failed.
    package var Timeout: Int64?
    /// Failures before unhealthy.
    package var Retries: Int?
    /// Grace period.
    package var StartPeriod: Int64?
    /// Interval during the start period.
    package var StartInterval: Int64?
}

/// `{}` in JSON (ports and volumes maps).
package struct EmptyObject: Codable, Sendable, Equatable {
    /// `{}`.
    package init() {}
}
