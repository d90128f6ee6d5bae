import Foundation
import Synchronization

extension ImageStore {
    /// Unpacks a layer blob into the snapshot of `chainID` unless it is there. The unpack goes to a temp folder that
    /// is renamed into place only after the uncompressed bytes hashed to `diffID`; on any failure it is removed.
    func ensureSnapshot(layer: Descriptor, diffID: ImageDigest, chainID: ImageDigest) throws(ImageError) {
        let target = snapshotPath(chainID)
        if FileIO.exists(target) { return }
        guard content.contains(layer.digest) else {
            throw ImageError(.notFound, "layer \(layer.digest): blob missing from the store")
        }
        let temp = root + "/snapshots/.tmp-" + UUID().uuidString
        try FileIO.makeFolder(temp)
        do {
            let (actual, _) = try LayerUnpacker(policy: .layer).unpack(content.path(of: layer.digest), into: temp)
            guard actual == diffID else {
                throw ImageError(
                    .digestMismatch, "diff ID mismatch: the config says \(diffID), the content is \(actual)")
            }
            try sys("rename", target) { rename(temp, target) }
        } catch let error as ImageError {
            FileIO.remove(temp)
            throw error.prefixed("layer \(layer.digest)")
        } catch {
            FileIO.remove(temp)
            // Another pull of the same layer won the race: its snapshot is as good as ours.
            if FileIO.exists(target) { return }
            throw ImageError(.io, "layer \(layer.digest): cannot store its snapshot", cause: error)
        }
        FileIO.syncFolder(of: target)
    }

    /// Unpacks every layer of an image (blocking), undoing new snapshots if one fails.
    func unpackAll(layers: [Descriptor], diffIDs: [ImageDigest], staging: Staging) throws(ImageError) {
        guard layers.count == diffIDs.count else {
            throw ImageError(
                .invalidContent, "image config: \(diffIDs.count) diff IDs for \(layers.count) layers in the manifest")
        }
        let chain = ImageDigest.chainIDs(of: diffIDs)
        for (position, layer) in layers.enumerated() where !FileIO.exists(snapshotPath(chain[position])) {
            try ensureSnapshot(layer: layer, diffID: diffIDs[position], chainID: chain[position])
            staging.addSnapshot(snapshotPath(chain[position]))
        }
    }
}

/// What an operation added to the store, removed again if it fails, so a failed pull, import or load leaves the
/// store as it was.
final class Staging: Sendable {
    private let added = Mutex<(blobs: [ImageDigest], snapshots: [String])>(([], []))
    private let content: ContentStore

    init(content: ContentStore) { self.content = content }

    /// Notes a blob this operation stored (call only when it was not there before).
    func addBlob(_ digest: ImageDigest) { added.withLock { $0.blobs.append(digest) } }
    /// Notes a snapshot this operation made.
    func addSnapshot(_ path: String) { added.withLock { $0.snapshots.append(path) } }

    /// Removes everything noted.
    func rollback() {
        let (blobs, snapshots) = added.withLock { ($0.blobs, $0.snapshots) }
        for digest in blobs { content.remove(digest) }
        for path in snapshots { FileIO.remove(path) }
    }

    /// Copies a file into the store (verified against `expected`) and notes it if new.
    func ingest(file: String, expected: ImageDigest?, size: Int64? = nil) throws(ImageError) -> ImageDigest {
        let (digest, isNew) = try content.ingest(file: file, expected: expected, size: size)
        if isNew { addBlob(digest) }
        return digest
    }

    /// Moves a finished download into the store (verified against `expected`) and notes it if new.
    func commit(_ temp: String, expected: ImageDigest, size: Int64?) throws(ImageError) {
        let (digest, isNew) = try content.commit(temp, expected: expected, size: size)
        if isNew { addBlob(digest) }
    }

    /// Stores small bytes and notes them if new.
    @discardableResult
    func write(_ bytes: some DataProtocol, expected: ImageDigest? = nil) throws(ImageError) -> ImageDigest {
        let digest = ImageDigest.of(bytes)
        let existed = content.contains(digest)
        try content.write(bytes, expected: expected)
        if !existed { addBlob(digest) }
        return digest
    }
}
