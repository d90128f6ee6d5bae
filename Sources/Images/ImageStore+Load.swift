import Foundation

extension ImageStore {
    /// Loads every image of a `docker save` archive or an OCI layout archive (plain or compressed tar). Blobs are
    /// checked against their digests, layers unpacked, names applied. On failure nothing of it is kept.
    package func load(archivePath: String) throws(ImageError) -> [ImageRecord] {
        let folder = root + "/ingest/load-" + UUID().uuidString
        let staging = Staging(content: content)
        defer { FileIO.remove(folder) }
        do {
            try FileIO.makeFolder(folder)
            _ = try LayerUnpacker(policy: .plainFiles).unpack(archivePath, into: folder)
            if FileIO.exists(folder + "/index.json") {
                return try loadLayout(folder, staging: staging)
            }
            guard FileIO.exists(folder + "/manifest.json") else {
                throw ImageError(.unsupported, "neither index.json (OCI layout) nor manifest.json (docker save) in it")
            }
            return try loadDockerArchive(folder, staging: staging)
        } catch {
            staging.rollback()
            throw error.prefixed("load \(archivePath)")
        }
    }

    private func loadLayout(_ folder: String, staging: Staging) throws(ImageError) -> [ImageRecord] {
        let index = try Self.decodeFile(ImageIndex.self, folder + "/index.json")
        var records: [ImageRecord] = []
        for entry in index.manifests {
            let manifestDigest = try resolvePlatform(entry, folder: folder, staging: staging)
            let manifest = try decodeBlob(Manifest.self, manifestDigest, folder: folder, staging: staging)
            let tags = Self.layoutName(entry.annotations ?? [:]).map { [$0] } ?? []
            let config = try decodeBlob(ImageConfig.self, manifest.config.digest, folder: folder, staging: staging)
            for layer in manifest.layers {
                try Self.checkLayerType(layer)
                try adoptBlob(layer.digest, size: layer.size, folder: folder, staging: staging)
            }
            try unpackAll(layers: manifest.layers, diffIDs: config.rootfs.diff_ids, staging: staging)
            records.append(try register(id: manifest.config.digest, manifest: manifestDigest, tags: tags))
        }
        return records
    }

    /// The manifest an index entry means: itself, or the host platform's entry of a nested index.
    private func resolvePlatform(_ entry: Descriptor, folder: String, staging: Staging) throws(ImageError)
        -> ImageDigest
    {
        guard MediaType.indexes.contains(entry.mediaType) else {
            guard MediaType.manifests.contains(entry.mediaType) else {
                throw ImageError(.unsupported, "index.json: media type \(entry.mediaType) of \(entry.digest)")
            }
            return entry.digest
        }
        let nested = try decodeBlob(ImageIndex.self, entry.digest, folder: folder, staging: staging)
        guard let chosen = nested.manifests.first(where: { $0.platform.map(Platform.host.matches) ?? false }) else {
            throw ImageError(.unsupported, "index \(entry.digest): no image for platform \(Platform.host)")
        }
        return chosen.digest
    }

    private func loadDockerArchive(_ folder: String, staging: Staging) throws(ImageError) -> [ImageRecord] {
        let entries = try Self.decodeFile([DockerArchiveEntry].self, folder + "/manifest.json")
        var records: [ImageRecord] = []
        for entry in entries {
            let configDigest = try staging.ingest(file: try Self.member(entry.Config, in: folder), expected: nil)
            let config = try content.decode(ImageConfig.self, configDigest, what: "image config")
            var layers: [Descriptor] = []
            for path in entry.Layers {
                let file = try Self.member(path, in: folder)
                let digest = try staging.ingest(file: file, expected: nil)
                let type = try Self.layerMediaType(content.path(of: digest))
                let dockerType =
                    type == MediaType.ociLayerGzip
                    ? MediaType.dockerLayerGzip
                    : type == MediaType.ociLayer ? MediaType.dockerLayer : type
                layers.append(Descriptor(mediaType: dockerType, digest: digest, size: content.size(of: digest)))
            }
            try unpackAll(layers: layers, diffIDs: config.rootfs.diff_ids, staging: staging)
            let manifest = Manifest(
                schemaVersion: 2, mediaType: MediaType.dockerManifest,
                config: Descriptor(
                    mediaType: MediaType.dockerConfig, digest: configDigest, size: content.size(of: configDigest)),
                layers: layers, annotations: nil)
            let manifestDigest = try staging.write(try Self.encode(manifest))
            let tags = (entry.RepoTags ?? []).compactMap { try? ImageReference.parse($0).tagged }
            records.append(try register(id: configDigest, manifest: manifestDigest, tags: tags))
        }
        return records
    }

    /// The name of an index entry: containerd's full name, or a ref name that is a full reference (skopeo writes
    /// `name:tag`); a bare tag (`latest`) names no repository and is ignored.
    private static func layoutName(_ annotations: [String: String]) -> ImageReference? {
        if let name = annotations[LayoutAnnotation.imageName], let parsed = try? ImageReference.parse(name).tagged {
            return parsed
        }
        guard let name = annotations[LayoutAnnotation.refName], name.contains(":") || name.contains("/") else {
            return nil
        }
        return try? ImageReference.parse(name).tagged
    }

    /// A path named inside the archive, refused if it would leave the unpacked folder.
    private static func member(_ path: String, in folder: String) throws(ImageError) -> String {
        let parts: [String]
        do {
            parts = try EntryWriter.components(path)
        } catch {
            throw ImageError(.invalidContent, "manifest.json: path \"\(path)\" leaves the archive")
        }
        let full = folder + "/" + parts.joined(separator: "/")
        guard FileIO.exists(full) else {
            throw ImageError(.invalidContent, "manifest.json: \"\(path)\" is not in the archive")
        }
        return full
    }

    /// Moves `blobs/sha256/<hex>` of the unpacked layout into the store after checking it.
    private func adoptBlob(_ digest: ImageDigest, size: Int64?, folder: String, staging: Staging) throws(ImageError) {
        if content.contains(digest) { return }
        let file = folder + "/blobs/sha256/" + digest.hex
        guard FileIO.exists(file) else { throw ImageError(.notFound, "blob \(digest): missing from the archive") }
        try staging.commit(file, expected: digest, size: size)
    }

    private func decodeBlob<T: Decodable>(
        _ type: T.Type, _ digest: ImageDigest, folder: String, staging: Staging
    ) throws(ImageError) -> T {
        try adoptBlob(digest, size: nil, folder: folder, staging: staging)
        return try content.decode(type, digest, what: "blob")
    }

    static func decodeFile<T: Decodable>(_ type: T.Type, _ path: String) throws(ImageError) -> T {
        let data = try FileIO.read(path)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ImageError(.invalidContent, "\((path as NSString).lastPathComponent): not valid JSON", cause: error)
        }
    }

    /// Refuses layers this store cannot unpack (foreign layers, unknown types).
    static func checkLayerType(_ layer: Descriptor) throws(ImageError) {
        guard MediaType.layers.contains(layer.mediaType), layer.urls == nil else {
            throw ImageError(.unsupported, "layer \(layer.digest): unsupported media type \(layer.mediaType)")
        }
    }
}
