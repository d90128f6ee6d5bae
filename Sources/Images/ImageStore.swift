import Foundation
import Synchronization

/// The image side of the engine: blobs by digest, images by config digest, names, and unpacked snapshots keyed by
/// chain ID. Metadata changes are serialised by a mutex and written atomically to `images.json`; the synchronous
/// methods block and belong on a dedicated thread, the async ones move their blocking parts to one themselves.
package final class ImageStore: Sendable {
    /// The store folder (`<state root>/images`).
    package let root: String
    /// The blobs.
    package let content: ContentStore
    /// Registries reached over plain HTTP besides localhost and 127.0.0.1 (`host:port`).
    package let insecureRegistries: Set<String>
    let lock = Mutex(())

    /// The default store folder.
    package static let defaultRoot = "/var/lib/berth/images"

    /// Opens (and creates) a store.
    package init(root: String = ImageStore.defaultRoot, insecureRegistries: Set<String> = []) throws(ImageError) {
        self.root = root
        self.insecureRegistries = insecureRegistries
        try FileIO.makeFolder(root + "/snapshots")
        try FileIO.makeFolder(root + "/tmp")
        content = try ContentStore(root: root)
    }

    /// The index of names and images: every change to the images rewrites it (by rename).
    package var indexPath: String { root + "/images.json" }

    /// Where the snapshot of a chain ID lives.
    package func snapshotPath(_ chainID: ImageDigest) -> String { root + "/snapshots/" + chainID.hex }

    func readIndex() throws(ImageError) -> StoreIndex {
        guard FileIO.exists(indexPath) else { return StoreIndex() }
        let data = try FileIO.read(indexPath)
        do {
            return try JSONDecoder().decode(StoreIndex.self, from: data)
        } catch {
            throw ImageError(.invalidContent, "image index \(indexPath): not valid JSON", cause: error)
        }
    }

    func writeIndex(_ index: StoreIndex) throws(ImageError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do {
            try FileIO.writeAtomically(try encoder.encode(index), to: indexPath)
        } catch let error as ImageError {
            throw error
        } catch {
            throw ImageError(.io, "image index \(indexPath): cannot encode", cause: error)
        }
    }

    /// Runs a read-modify-write of the metadata under the lock.
    func updateIndex<T>(_ body: (inout StoreIndex) throws(ImageError) -> T) throws(ImageError) -> T {
        try lock.withLock { _ throws(ImageError) in
            var index = try readIndex()
            let result = try body(&index)
            try writeIndex(index)
            return result
        }
    }

    /// Every image, newest first.
    package func list() throws(ImageError) -> [ImageRecord] {
        let index = try lock.withLock { _ throws(ImageError) in try readIndex() }
        return try index.images.values.map { stored throws(ImageError) in try record(for: stored) }
            .sorted { ($0.created ?? "", $0.id.hex) > ($1.created ?? "", $1.id.hex) }
    }

    /// The image named by a tag (`busybox`, `busybox:1`), `name@digest`, a full or short ID.
    package func inspect(_ nameOrID: String) throws(ImageError) -> ImageRecord {
        let index = try lock.withLock { _ throws(ImageError) in try readIndex() }
        return try record(for: try Self.resolve(nameOrID, in: index))
    }

    /// The unpacked snapshot folders of an image, top layer first, ready as overlay lower dirs. Missing snapshots
    /// are unpacked again from their blobs (blocks).
    package func layerPaths(for image: String) throws(ImageError) -> [String] {
        let record = try inspect(image)
        let chain = ImageDigest.chainIDs(of: record.config.rootfs.diff_ids)
        var paths: [String] = []
        for (position, layer) in record.layers.enumerated() {
            let diffID = record.config.rootfs.diff_ids[position]
            try ensureSnapshot(layer: layer, diffID: diffID, chainID: chain[position])
            paths.append(snapshotPath(chain[position]))
        }
        return paths.reversed()
    }

    /// Builds the record of a stored image from its manifest and config blobs.
    func record(for stored: StoredImage) throws(ImageError) -> ImageRecord {
        let manifest = try content.decode(Manifest.self, stored.manifest, what: "manifest")
        let config = try content.decode(ImageConfig.self, stored.id, what: "image config")
        return ImageRecord(
            id: stored.id, manifestDigest: stored.manifest,
            repoTags: stored.tags.compactMap { try? ImageReference.parse($0).familiarString }.sorted(),
            repoDigests: stored.repoDigests.sorted(), created: config.created,
            size: manifest.layers.reduce(0) { $0 + $1.size }, config: config, layers: manifest.layers)
    }

    /// Finds the stored image a name or ID means.
    static func resolve(_ nameOrID: String, in index: StoreIndex) throws(ImageError) -> StoredImage {
        let bare = nameOrID.hasPrefix("sha256:") ? String(nameOrID.dropFirst(7)) : nameOrID
        if !bare.isEmpty, bare.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            let matches = index.images.values.filter { $0.id.hex.hasPrefix(bare) }
            if matches.count == 1, let only = matches.first { return only }
            if matches.count > 1 { throw ImageError(.conflict, "image \"\(nameOrID)\": ambiguous short ID") }
        }
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(nameOrID)
        } catch {
            throw ImageError(.notFound, "image \"\(nameOrID)\": no such image")
        }
        if let digest = reference.digest {
            let pinned = reference.pinned(to: digest).description
            if let found = index.images.values.first(where: { $0.repoDigests.contains(pinned) || $0.manifest == digest }
            ) {
                return found
            }
        } else if let found = index.images.values.first(where: { $0.tags.contains(reference.description) }) {
            return found
        }
        throw ImageError(.notFound, "image \"\(nameOrID)\": no such image")
    }
}
