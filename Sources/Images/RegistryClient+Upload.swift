import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension RegistryClient {
    /// Whether the registry already has the blob in `repository`.
    func blobExists(_ repository: String, _ digest: ImageDigest) async throws(ImageError) -> Bool {
        let reply = try await send(.HEAD, "/v2/\(repository)/blobs/\(digest)", scope: Self.pushScope(repository))
        return reply.status == .ok
    }

    /// Starts an upload, first trying a cross-repository mount from `mountFrom`; nil when the mount succeeded.
    func startUpload(
        _ repository: String, _ digest: ImageDigest, mountFrom: String?
    ) async throws(ImageError) -> String? {
        var path = "/v2/\(repository)/blobs/uploads/"
        var scope = Self.pushScope(repository)
        if let mountFrom {
            path += "?mount=\(digest)&from=\(mountFrom)"
            scope = Self.pullScope(mountFrom) + " " + scope
        }
        let reply = try await send(.POST, path, headers: ["Content-Length": "0"], scope: scope)
        if reply.status == .created { return nil }
        guard reply.status == .accepted, let location = reply.headers.first(name: "Location") else {
            throw ImageError(.registry, "blob \(digest): upload refused: \(Self.describe(reply))")
        }
        return location
    }

    /// Uploads a blob from a file: one PUT when it fits in `chunkSize`, else PATCH chunks then a closing PUT.
    func upload(
        _ repository: String, _ digest: ImageDigest, file: String, size: Int64, location start: String,
        chunkSize: Int64, progress: @escaping @Sendable (Int64) -> Void
    ) async throws(ImageError) {
        let scope = Self.pushScope(repository)
        var location = start
        var offset: Int64 = 0
        if size > chunkSize {
            while offset < size {
                let count = min(chunkSize, size - offset)
                let bytes = try await Self.readChunk(file, offset: offset, count: count)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/octet-stream")
                headers.add(name: "Content-Range", value: "\(offset)-\(offset + count - 1)")
                headers.add(name: "Content-Length", value: String(count))
                let reply = try await send(.PATCH, location, headers: headers, body: bytes, scope: scope)
                guard reply.status == .accepted, let next = reply.headers.first(name: "Location") else {
                    throw ImageError(.registry, "blob \(digest): chunk at \(offset) refused: \(Self.describe(reply))")
                }
                location = next
                offset += count
                progress(offset)
            }
        }
        let body = offset < size ? try await Self.readChunk(file, offset: 0, count: size) : ByteBuffer()
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/octet-stream")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        let separator = location.contains("?") ? "&" : "?"
        let reply = try await send(
            .PUT, location + separator + "digest=\(digest)", headers: headers, body: body, scope: scope)
        guard reply.status == .created else {
            throw ImageError(.registry, "blob \(digest): upload not accepted: \(Self.describe(reply))")
        }
        progress(size)
    }

    /// Puts a manifest under a tag or digest; returns the digest the registry reports (or computes ours).
    func putManifest(
        _ repository: String, reference: String, bytes: Data, mediaType: String
    ) async throws(ImageError) -> ImageDigest {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: mediaType)
        let reply = try await send(
            .PUT, "/v2/\(repository)/manifests/\(reference)", headers: headers, body: ByteBuffer(bytes: bytes),
            scope: Self.pushScope(repository))
        guard reply.status == .created else {
            throw ImageError(.registry, "manifest for \(reference): refused: \(Self.describe(reply))")
        }
        return ImageDigest.of(bytes)
    }

    /// Reads part of a file on a dedicated thread.
    static func readChunk(_ file: String, offset: Int64, count: Int64) async throws(ImageError) -> ByteBuffer {
        do {
            return try await Blocking.run {
                guard let handle = FileHandle(forReadingAtPath: file) else {
                    throw ImageError(.io, "file \(file): cannot open")
                }
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(offset))
                let data = try handle.read(upToCount: Int(count)) ?? Data()
                guard data.count == count else {
                    throw ImageError(.invalidContent, "file \(file): shorter than expected")
                }
                return ByteBuffer(bytes: data)
            }
        } catch {
            throw error.prefixed("read")
        }
    }
}
