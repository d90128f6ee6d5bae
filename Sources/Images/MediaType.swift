/// The media types this store reads and writes.
package enum MediaType {
    /// OCI image manifest.
    package static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    /// OCI image index.
    package static let ociIndex = "application/vnd.oci.image.index.v1+json"
    /// OCI image config.
    package static let ociConfig = "application/vnd.oci.image.config.v1+json"
    /// OCI uncompressed layer.
    package static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    /// OCI gzip layer.
    package static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    /// OCI zstd layer.
    package static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    /// Docker v2 schema 2 manifest.
    package static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// Docker manifest list.
    package static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    /// Docker image config.
    package static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    /// Docker gzip layer.
    package static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    /// Docker uncompressed layer (seen in `docker save` output).
    package static let dockerLayer = "application/vnd.docker.image.rootfs.diff.tar"

    /// Manifests that describe one image.
    package static let manifests: Set<String> = [ociManifest, dockerManifest]
    /// Manifests that list per-platform images.
    package static let indexes: Set<String> = [ociIndex, dockerManifestList]
    /// Layer media types the unpacker accepts (compression is detected from the bytes).
    package static let layers: Set<String> = [
        ociLayer, ociLayerGzip, ociLayerZstd, dockerLayerGzip, dockerLayer,
    ]
    /// The Accept header for manifest requests: every manifest and index type.
    package static let acceptManifests = [ociManifest, ociIndex, dockerManifest, dockerManifestList]
}
