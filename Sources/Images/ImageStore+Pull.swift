import Foundation

extension ImageStore {
    /// Pulls an image by tag or digest: resolves an index to `platform`, verifies every blob against its digest,
    /// downloads layers in parallel (at most 3 at a time), unpacks them, then records the image. On failure nothing
    /// new is kept. `auth` overrides `~/.docker/config.json`.
    package func pull(
        _ reference: ImageReference, platform: Platform = .host, auth: RegistryCredentials? = nil,
        progress: @escaping @Sendable (PullProgress) -> Void = { _ in }
    ) async throws(ImageError) -> ImageRecord {
        let client = RegistryClient(domain: reference.domain, insecure: insecureRegistries, credentials: auth)
        let staging = Staging(content: content)
        do {
            let (manifestData, manifestDigest) = try await resolveManifest(
                reference, platform: platform, client: client)
            let manifest = try Self.decodeManifest(manifestData, manifestDigest)
            for layer in manifest.layers { try Self.checkLayerType(layer) }
            let configData = try await fetchSmallBlob(manifest.config, reference: reference, client: client)
            let config = try Self.decodeConfig(configData, manifest.config.digest)
            guard config.rootfs.diff_ids.count == manifest.layers.count else {
                throw ImageError(.invalidContent, "config \(manifest.config.digest): diff IDs do not match the layers")
            }
            let chain = ImageDigest.chainIDs(of: config.rootfs.diff_ids)
            let plan = manifest.layers.indices.map { (manifest.layers[$0], config.rootfs.diff_ids[$0], chain[$0]) }
            try await downloadLayers(plan, reference: reference, client: client, staging: staging, progress: progress)
            try await Blocking.run { [self] in
                try unpackAll(layers: manifest.layers, diffIDs: config.rootfs.diff_ids, staging: staging)
            }
            try staging.write(configData, expected: manifest.config.digest)
            try staging.write(manifestData, expected: manifestDigest)
            let tags = reference.digest == nil ? reference.tagged.map { [$0] } ?? [] : []
            return try register(
                id: manifest.config.digest, manifest: manifestDigest, tags: tags,
                repoDigest: reference.pinned(to: manifestDigest))
        } catch {
            staging.rollback()
            throw (error as? ImageError ?? ImageError(.io, "unexpected failure", cause: error)).prefixed(
                "image \"\(reference.familiarString)\"")
        }
    }

    /// The manifest bytes and digest for the reference, choosing the platform's entry when it names an index.
    private func resolveManifest(
        _ reference: ImageReference, platform: Platform, client: RegistryClient
    ) async throws(ImageError) -> (Data, ImageDigest) {
        let tagOrDigest = reference.digest?.description ?? reference.tag ?? "latest"
        let (data, type, digest) = try await client.manifest(reference.path, reference: tagOrDigest)
        let mediaType = type.isEmpty ? Self.sniffMediaType(data) : type
        if MediaType.manifests.contains(mediaType) { return (data, digest) }
        guard MediaType.indexes.contains(mediaType) else {
            throw ImageError(.unsupported, "manifest \(digest): unsupported media type \(mediaType)")
        }
        let index: ImageIndex
        do {
            index = try JSONDecoder().decode(ImageIndex.self, from: data)
        } catch {
            throw ImageError(.invalidContent, "index \(digest): not valid JSON", cause: error)
        }
        guard let entry = index.manifests.first(where: { $0.platform.map(platform.matches) ?? false }) else {
            let offered = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
            throw ImageError(.unsupported, "index \(digest): no image for platform \(platform) (offers \(offered))")
        }
        let (chosen, _, chosenDigest) = try await client.manifest(reference.path, reference: entry.digest.description)
        return (chosen, chosenDigest)
    }

    private func fetchSmallBlob(
        _ descriptor: Descriptor, reference: ImageReference, client: RegistryClient
    ) async throws(ImageError) -> Data {
        if content.contains(descriptor.digest) { return try content.read(descriptor.digest) }
        let reply = try await client.send(
            .GET, "/v2/\(reference.path)/blobs/\(descriptor.digest)", scope: RegistryClient.pullScope(reference.path),
            limit: 8 << 20)
        guard reply.status == .ok else {
            throw ImageError(.registry, "config \(descriptor.digest): \(RegistryClient.describe(reply))")
        }
        let data = Data(reply.body.readableBytesView)
        guard ImageDigest.of(data) == descriptor.digest else {
            throw ImageError(
                .digestMismatch,
                "config \(descriptor.digest): digest mismatch (content hashes to \(ImageDigest.of(data)))")
        }
        return data
    }

    /// Downloads and unpacks each layer as soon as it arrives; layers unpack independently (each is its own
    /// snapshot), so downloads and unpacks overlap.
    private func downloadLayers(
        _ layers: [(Descriptor, ImageDigest, ImageDigest)], reference: ImageReference, client: RegistryClient,
        staging: Staging,
        progress: @escaping @Sendable (PullProgress) -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for (layer, diffID, chainID) in layers {
                if content.contains(layer.digest) {
                    progress(PullProgress(digest: layer.digest, state: .exists))
                    continue
                }
                if running == 3 {
                    try await group.next()
                    running -= 1
                }
                running += 1
                group.addTask { [self] in
                    let temp = content.temporaryPath()
                    defer { unlink(temp) }
                    try await client.download(reference.path, layer.digest, to: temp) { received in
                        progress(PullProgress(digest: layer.digest, state: .transferring(received, of: layer.size)))
                    }
                    try await Blocking.run { try staging.commit(temp, expected: layer.digest, size: layer.size) }
                    progress(PullProgress(digest: layer.digest, state: .extracting))
                    try await Blocking.run { [self] in
                        if FileIO.exists(snapshotPath(chainID)) { return }
                        try ensureSnapshot(layer: layer, diffID: diffID, chainID: chainID)
                        staging.addSnapshot(snapshotPath(chainID))
                    }
                    progress(PullProgress(digest: layer.digest, state: .done))
                }
            }
            try await group.waitForAll()
        }
    }

    static func decodeManifest(_ data: Data, _ digest: ImageDigest) throws(ImageError) -> Manifest {
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw ImageError(.invalidContent, "manifest \(digest): not a valid image manifest", cause: error)
        }
    }

    static func decodeConfig(_ data: Data, _ digest: ImageDigest) throws(ImageError) -> ImageConfig {
        do {
            return try JSONDecoder().decode(ImageConfig.self, from: data)
        } catch {
            throw ImageError(.invalidContent, "config \(digest): not a valid image config", cause: error)
        }
    }

    /// The media type named inside a manifest body, for registries that send no Content-Type.
    static func sniffMediaType(_ data: Data) -> String {
        struct Typed: Decodable {
            var mediaType: String?
            var manifests: [Descriptor]?
        }
        guard let typed = try? JSONDecoder().decode(Typed.self, from: data) else { return "" }
        return typed.mediaType ?? (typed.manifests != nil ? MediaType.ociIndex : MediaType.ociManifest)
    }
}
