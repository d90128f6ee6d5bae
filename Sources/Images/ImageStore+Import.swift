import Foundation

extension ImageStore {
    /// Makes a one-layer image from a root filesystem tar (plain, gzip or zstd), as `docker import` does, and tags
    /// it `reference` when given. `config` sets the container defaults (PATH is set when it names no Env).
    package func importRootfs(
        tarPath: String, reference: String?, config: ContainerConfig = ContainerConfig()
    ) throws(ImageError) -> ImageRecord {
        let tag = try reference.map { (text: String) throws(ImageError) -> ImageReference in
            let parsed = try ImageReference.parse(text)
            guard let tagged = parsed.tagged, parsed.digest == nil else {
                throw ImageError(.invalidReference, "reference \"\(text)\": import needs a tag, not a digest")
            }
            return tagged
        }
        let staging = Staging(content: content)
        do {
            let layerDigest = try staging.ingest(file: tarPath, expected: nil)
            let size = content.size(of: layerDigest)
            let layer = Descriptor(
                mediaType: try Self.layerMediaType(content.path(of: layerDigest)), digest: layerDigest, size: size)
            let diffID = try unpackNew(layer, staging: staging)
            var defaults = config
            if defaults.Env == nil {
                defaults.Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
            }
            let created = Self.now()
            let imageConfig = ImageConfig(
                created: created, author: nil, architecture: Platform.host.architecture, os: "linux", variant: nil,
                config: defaults, rootfs: .init(type: "layers", diff_ids: [diffID]),
                history: [.init(created: created, created_by: "berth image import", comment: nil, empty_layer: nil)])
            return try storeImage(config: imageConfig, layers: [layer], tags: tag.map { [$0] } ?? [], staging: staging)
        } catch {
            staging.rollback()
            throw error.prefixed("import \(tarPath)")
        }
    }

    /// Unpacks a freshly ingested layer whose diff ID is not known yet; returns the diff ID.
    private func unpackNew(_ layer: Descriptor, staging: Staging) throws(ImageError) -> ImageDigest {
        let temp = root + "/snapshots/.tmp-" + UUID().uuidString
        try FileIO.makeFolder(temp)
        do {
            let (diffID, _) = try LayerUnpacker(policy: .layer).unpack(content.path(of: layer.digest), into: temp)
            let target = snapshotPath(diffID)
            if FileIO.exists(target) {
                FileIO.remove(temp)
            } else {
                try sys("rename", target) { rename(temp, target) }
                staging.addSnapshot(target)
            }
            return diffID
        } catch let error as ImageError {
            FileIO.remove(temp)
            throw error.prefixed("layer \(layer.digest)")
        } catch {
            FileIO.remove(temp)
            throw ImageError(.io, "layer \(layer.digest): cannot store its snapshot", cause: error)
        }
    }

    /// Writes config and OCI manifest blobs for layers already stored, then records the image.
    func storeImage(
        config: ImageConfig, layers: [Descriptor], tags: [ImageReference], staging: Staging
    ) throws(ImageError) -> ImageRecord {
        let configBytes = try Self.encode(config)
        let configDigest = try staging.write(configBytes)
        let manifest = Manifest(
            schemaVersion: 2, mediaType: MediaType.ociManifest,
            config: Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(configBytes.count)),
            layers: layers, annotations: nil)
        let manifestDigest = try staging.write(try Self.encode(manifest))
        return try register(id: configDigest, manifest: manifestDigest, tags: tags)
    }

    /// JSON with sorted keys and no escaped slashes, so equal content gives equal digests.
    static func encode<T: Encodable>(_ value: T) throws(ImageError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw ImageError(.invalidContent, "cannot encode \(T.self)", cause: error)
        }
    }

    /// The OCI layer media type of a tar blob, from its first bytes.
    static func layerMediaType(_ path: String) throws(ImageError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImageError(.io, "file \(path): cannot open")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        if head.starts(with: [0x1f, 0x8b]) { return MediaType.ociLayerGzip }
        if head.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return MediaType.ociLayerZstd }
        return MediaType.ociLayer
    }
}

extension Error {
    /// This error as an `ImageError` with `prefix` before its message.
    func prefixed(_ prefix: String) -> ImageError {
        if let error = self as? ImageError { return error.prefixed(prefix) }
        return ImageError(.io, prefix, cause: self)
    }
}
