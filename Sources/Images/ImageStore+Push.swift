import Foundation

extension ImageStore {
    /// Pushes the local image `reference` names to its registry: blobs the registry has are skipped, blobs known
    /// in another repository of the same registry are mounted, others uploaded (monolithic up to `chunkSize`, else
    /// chunked), then the manifest is put under the tag. Returns the manifest digest and records it as a repo digest.
    @discardableResult
    package func push(
        _ reference: ImageReference, auth: RegistryCredentials? = nil, chunkSize: Int64 = 16 << 20,
        progress: @escaping @Sendable (PullProgress) -> Void = { _ in }
    ) async throws(ImageError) -> ImageDigest {
        let prefix = "image \"\(reference.familiarString)\""
        do {
            let record = try inspect(reference.description)
            let client = RegistryClient(domain: reference.domain, insecure: insecureRegistries, credentials: auth)
            let manifestData = try content.read(record.manifestDigest)
            let manifest = try Self.decodeManifest(manifestData, record.manifestDigest)
            let mountFrom = record.repoDigests.compactMap { try? ImageReference.parse($0) }
                .first { $0.domain == reference.domain && $0.path != reference.path }?.path
            for blob in manifest.layers + [manifest.config] {
                try await pushBlob(
                    blob, to: reference.path, client: client, mountFrom: mountFrom, chunkSize: chunkSize,
                    progress: progress)
            }
            let tag = reference.tag ?? reference.digest?.description ?? "latest"
            let digest = try await client.putManifest(
                reference.path, reference: tag, bytes: manifestData,
                mediaType: manifest.mediaType ?? MediaType.ociManifest)
            try register(
                id: record.id, manifest: record.manifestDigest, tags: [], repoDigest: reference.pinned(to: digest))
            return digest
        } catch {
            throw error.prefixed(prefix)
        }
    }

    private func pushBlob(
        _ blob: Descriptor, to repository: String, client: RegistryClient, mountFrom: String?, chunkSize: Int64,
        progress: @escaping @Sendable (PullProgress) -> Void
    ) async throws(ImageError) {
        if try await client.blobExists(repository, blob.digest) {
            progress(PullProgress(digest: blob.digest, state: .exists))
            return
        }
        guard let location = try await client.startUpload(repository, blob.digest, mountFrom: mountFrom) else {
            progress(PullProgress(digest: blob.digest, state: .exists))
            return
        }
        try await client.upload(
            repository, blob.digest, file: content.path(of: blob.digest), size: content.size(of: blob.digest),
            location: location, chunkSize: chunkSize
        ) { sent in progress(PullProgress(digest: blob.digest, state: .transferring(sent, of: blob.size))) }
        progress(PullProgress(digest: blob.digest, state: .done))
    }
}
