import Foundation

extension ImageStore {
    /// Writes the named images to a tar that is both a `docker save` archive (`manifest.json`) and an OCI image
    /// layout (`oci-layout`, `index.json`, `blobs/sha256/`), as Docker 25 does, so `docker load`, skopeo's
    /// `docker-archive:` and `oci-archive:` all read it. The file appears only once complete.
    package func save(references: [String], to path: String) throws(ImageError) {
        var records: [ImageRecord] = []
        for name in references {
            let record = try inspect(name)
            if !records.contains(where: { $0.id == record.id }) { records.append(record) }
        }
        let temp = path + ".tmp-" + UUID().uuidString.prefix(8)
        do {
            let writer = try TarWriter(path: temp)
            try writer.add("oci-layout", bytes: Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
            var written = Set<ImageDigest>()
            var index: [Descriptor] = []
            var dockerManifest: [DockerArchiveEntry] = []
            for record in records {
                let blobs = [record.manifestDigest, record.id] + record.layers.map(\.digest)
                for digest in blobs where written.insert(digest).inserted {
                    try writer.add("blobs/sha256/" + digest.hex, file: content.path(of: digest))
                }
                index += try indexEntries(for: record)
                dockerManifest.append(
                    DockerArchiveEntry(
                        Config: "blobs/sha256/" + record.id.hex, RepoTags: record.repoTags,
                        Layers: record.layers.map { "blobs/sha256/" + $0.digest.hex }))
            }
            try writer.add(
                "index.json",
                bytes: try Self.encode(ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: index)))
            try writer.add("manifest.json", bytes: try Self.encode(dockerManifest))
            try writer.close()
            try sys("rename", path) { rename(temp, path) }
        } catch {
            unlink(temp)
            throw error.prefixed("save \(path)")
        }
    }

    /// One index entry per tag (or one unnamed entry), pointing at the stored manifest.
    private func indexEntries(for record: ImageRecord) throws(ImageError) -> [Descriptor] {
        let manifest = try content.decode(Manifest.self, record.manifestDigest, what: "manifest")
        var base = Descriptor(
            mediaType: manifest.mediaType ?? MediaType.ociManifest, digest: record.manifestDigest,
            size: content.size(of: record.manifestDigest))
        guard !record.repoTags.isEmpty else { return [base] }
        return try record.repoTags.map { (tag: String) throws(ImageError) -> Descriptor in
            let reference = try ImageReference.parse(tag)
            base.annotations = [
                LayoutAnnotation.imageName: reference.description, LayoutAnnotation.refName: reference.tag ?? "latest",
            ]
            return base
        }
    }
}
