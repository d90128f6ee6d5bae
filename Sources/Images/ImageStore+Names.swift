import Foundation

extension ImageStore {
    /// Records an image (config `id`, manifest) and points `tags` (full names) at it, taking them from any other
    /// image; `repoDigest` (full `name@digest`) is added when the image came from or went to a registry.
    @discardableResult
    func register(
        id: ImageDigest, manifest: ImageDigest, tags: [ImageReference], repoDigest: ImageReference? = nil
    ) throws(ImageError) -> ImageRecord {
        let stored = try updateIndex { (index: inout StoreIndex) throws(ImageError) -> StoredImage in
            let names = tags.map(\.description)
            for key in index.images.keys { index.images[key]?.tags.removeAll { names.contains($0) } }
            var stored =
                index.images[id.description] ?? StoredImage(id: id, manifest: manifest, tags: [], repoDigests: [])
            stored.manifest = manifest
            stored.tags = Array(Set(stored.tags + names)).sorted()
            if let repoDigest, !stored.repoDigests.contains(repoDigest.description) {
                stored.repoDigests.append(repoDigest.description)
            }
            if !names.isEmpty { stored.lastTagTime = Self.now() }
            index.images[id.description] = stored
            return stored
        }
        return try record(for: stored)
    }

    /// Points `target` (a tag) at the image `source` names (`docker tag`).
    package func tag(_ source: String, as target: String) throws(ImageError) {
        let reference = try ImageReference.parse(target)
        guard reference.digest == nil, let tagged = reference.tagged else {
            throw ImageError(.invalidReference, "tag \"\(target)\": a tag cannot contain a digest")
        }
        let record = try inspect(source)
        try register(id: record.id, manifest: record.manifestDigest, tags: [tagged])
    }

    /// Removes a tag, or the whole image when named by ID or by its only tag (`docker rmi`). Removing an image
    /// that has several tags by ID needs `force`. Unreferenced blobs and snapshots are collected afterwards.
    /// Returns Docker's `Untagged:`/`Deleted:` lines.
    @discardableResult
    package func remove(_ nameOrID: String, force: Bool = false) throws(ImageError) -> [String] {
        let lines = try updateIndex { (index: inout StoreIndex) throws(ImageError) -> [String] in
            let stored = try Self.resolve(nameOrID, in: index)
            let reference = try? ImageReference.parse(nameOrID)
            if let name = reference?.description, stored.tags.contains(name), stored.tags.count > 1 {
                index.images[stored.id.description]?.tags.removeAll { $0 == name }
                return ["Untagged: " + (reference?.familiarString ?? name)]
            }
            if stored.tags.count > 1 && !force {
                throw ImageError(
                    .conflict,
                    "image \"\(nameOrID)\": referenced in multiple repositories (\(stored.tags.joined(separator: ", "))); use force"
                )
            }
            index.images[stored.id.description] = nil
            let untagged = stored.tags.compactMap { try? ImageReference.parse($0).familiarString }
            return untagged.map { "Untagged: " + $0 } + ["Deleted: " + stored.id.description]
        }
        _ = try collectGarbage()
        return lines
    }

    /// Removes dangling images (no tag), or with `all` every image not in `keeping` (IDs used by containers).
    /// Returns the removed IDs.
    package func prune(all: Bool = false, keeping: Set<ImageDigest> = []) throws(ImageError) -> [ImageDigest] {
        let removed = try updateIndex { (index: inout StoreIndex) -> [ImageDigest] in
            let doomed = index.images.values.filter { !keeping.contains($0.id) && (all || $0.tags.isEmpty) }
            for image in doomed { index.images[image.id.description] = nil }
            return doomed.map(\.id).sorted()
        }
        _ = try collectGarbage()
        return removed
    }

    /// Deletes blobs and snapshots no image references, and leftovers of interrupted operations (`ingest/`, temp
    /// snapshots). Returns the number of bytes of blobs freed.
    @discardableResult
    package func collectGarbage() throws(ImageError) -> Int64 {
        try lock.withLock { _ throws(ImageError) -> Int64 in
            let index = try readIndex()
            var blobs = Set<ImageDigest>()
            var chains = Set<String>()
            for stored in index.images.values {
                blobs.insert(stored.manifest)
                blobs.insert(stored.id)
                guard let manifest = try? content.decode(Manifest.self, stored.manifest, what: "manifest"),
                    let config = try? content.decode(ImageConfig.self, stored.id, what: "image config")
                else { continue }
                blobs.formUnion(manifest.layers.map(\.digest))
                chains.formUnion(ImageDigest.chainIDs(of: config.rootfs.diff_ids).map(\.hex))
            }
            var freed: Int64 = 0
            for digest in content.allDigests() where !blobs.contains(digest) {
                freed += content.size(of: digest)
                content.remove(digest)
            }
            let files = FileManager.default
            for name in (try? files.contentsOfDirectory(atPath: root + "/snapshots")) ?? [] where !chains.contains(name)
            {
                FileIO.remove(root + "/snapshots/" + name)
            }
            for folder in ["/ingest", "/tmp"] {
                for name in (try? files.contentsOfDirectory(atPath: root + folder)) ?? [] {
                    FileIO.remove(root + folder + "/" + name)
                }
            }
            return freed
        }
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
