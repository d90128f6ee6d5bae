import Foundation

/// Blobs kept by digest in an OCI image layout (`blobs/sha256/<hex>`). A blob is stored only after its bytes
/// hash to its digest, and always by rename of a complete, fsynced file, so a kept blob is never partial.
package struct ContentStore: Sendable {
    /// The folder holding `blobs/` and `ingest/`.
    package let root: String

    /// Opens (and creates) a store under `root`.
    package init(root: String) throws(ImageError) {
        self.root = root
        try FileIO.makeFolder(root + "/blobs/sha256")
        try FileIO.makeFolder(root + "/ingest")
        let layout = root + "/oci-layout"
        if !FileIO.exists(layout) {
            try FileIO.writeAtomically(Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8), to: layout)
        }
    }

    /// Where the blob with `digest` lives (whether or not it exists).
    package func path(of digest: ImageDigest) -> String { root + "/blobs/sha256/" + digest.hex }

    /// Whether the blob is kept.
    package func contains(_ digest: ImageDigest) -> Bool { FileIO.exists(path(of: digest)) }

    /// A fresh path in `ingest/` for a download in progress; `ingest/` is emptied by `collectGarbage`.
    package func temporaryPath() -> String { root + "/ingest/" + UUID().uuidString }

    /// Moves the finished file at `temp` into the store if it hashes to `expected` (and has `size`, when given);
    /// otherwise deletes it and throws. Returns the digest and whether the blob is new.
    @discardableResult
    package func commit(
        _ temp: String, expected: ImageDigest?, size: Int64? = nil
    ) throws(ImageError) -> (digest: ImageDigest, isNew: Bool) {
        defer { unlink(temp) }
        let (actual, actualSize) = try FileIO.digest(of: temp)
        try Self.check(actual, actualSize, expected: expected, size: size)
        return (actual, try place(temp, as: actual))
    }

    /// Copies a file into the store, hashing it on the way; refuses it when it does not hash to `expected`.
    /// Returns the digest and whether the blob is new.
    @discardableResult
    package func ingest(
        file: String, expected: ImageDigest?, size: Int64? = nil
    ) throws(ImageError) -> (digest: ImageDigest, isNew: Bool) {
        let temp = temporaryPath()
        defer { unlink(temp) }
        let (actual, actualSize) = try FileIO.digest(of: file, copyTo: temp)
        try Self.check(actual, actualSize, expected: expected, size: size)
        return (actual, try place(temp, as: actual))
    }

    private static func check(
        _ actual: ImageDigest, _ actualSize: Int64, expected: ImageDigest?, size: Int64?
    ) throws(ImageError) {
        let name = expected?.description ?? actual.description
        if let size, size != actualSize {
            throw ImageError(
                .digestMismatch, "blob \(name): size \(actualSize), expected \(size) (truncated or padded)")
        }
        if let expected, expected != actual {
            throw ImageError(.digestMismatch, "blob \(expected): digest mismatch (content hashes to \(actual))")
        }
    }

    /// Stores small bytes (a manifest, a config); returns their digest.
    @discardableResult
    package func write(_ bytes: some DataProtocol, expected: ImageDigest? = nil) throws(ImageError) -> ImageDigest {
        let actual = ImageDigest.of(bytes)
        if let expected, expected != actual {
            throw ImageError(.digestMismatch, "blob \(expected): digest mismatch (content hashes to \(actual))")
        }
        if !contains(actual) { try FileIO.writeAtomically(bytes, to: path(of: actual)) }
        return actual
    }

    /// Reads a small blob and checks it still hashes to its digest (it is about to be trusted).
    package func read(_ digest: ImageDigest) throws(ImageError) -> Data {
        guard contains(digest) else { throw ImageError(.notFound, "blob \(digest): not in the store") }
        let data = try FileIO.read(path(of: digest))
        guard ImageDigest.of(data) == digest else {
            throw ImageError(.digestMismatch, "blob \(digest): stored content no longer matches its digest")
        }
        return data
    }

    /// Reads and decodes a JSON blob.
    package func decode<T: Decodable>(_ type: T.Type, _ digest: ImageDigest, what: String) throws(ImageError) -> T {
        let data = try read(digest)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ImageError(.invalidContent, "\(what) \(digest): not valid JSON for its media type", cause: error)
        }
    }

    /// The size of a kept blob.
    package func size(of digest: ImageDigest) -> Int64 {
        var info = stat()
        return stat(path(of: digest), &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Every kept blob.
    package func allDigests() -> [ImageDigest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/blobs/sha256")) ?? []
        return names.compactMap { try? ImageDigest("sha256:" + $0) }
    }

    /// Deletes a blob.
    package func remove(_ digest: ImageDigest) { unlink(path(of: digest)) }

    private func place(_ temp: String, as digest: ImageDigest) throws(ImageError) -> Bool {
        let target = path(of: digest)
        if FileIO.exists(target) { return false }
        let fd = open(temp, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        do {
            try sys("rename", target) { rename(temp, target) }
        } catch {
            throw ImageError(.io, "blob \(digest): cannot store", cause: error)
        }
        FileIO.syncFolder(of: target)
        return true
    }
}
