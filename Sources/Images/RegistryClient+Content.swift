import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension RegistryClient {
    static func pullScope(_ repository: String) -> String { "repository:\(repository):pull" }
    static func pushScope(_ repository: String) -> String { "repository:\(repository):pull,push" }

    /// Fetches a manifest or index by tag or digest; checks the bytes against the digest when one was asked for.
    func manifest(_ repository: String, reference: String) async throws(ImageError) -> (Data, String, ImageDigest) {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: MediaType.acceptManifests.joined(separator: ", "))
        let reply = try await send(
            .GET, "/v2/\(repository)/manifests/\(reference)", headers: headers, scope: Self.pullScope(repository),
            limit: 4 << 20)
        guard reply.status == .ok else {
            let code: ImageError.Code = reply.status == .notFound ? .notFound : .registry
            throw ImageError(code, "manifest \(reference): \(Self.describe(reply))")
        }
        let data = Data(reply.body.readableBytesView)
        let digest = ImageDigest.of(data)
        if let expected = try? ImageDigest(reference), expected != digest {
            throw ImageError(.digestMismatch, "manifest \(reference): digest mismatch (content hashes to \(digest))")
        }
        let type = reply.headers.first(name: "Content-Type")?.split(separator: ";").first.map(String.init) ?? ""
        return (data, type, digest)
    }

    /// Downloads a blob into `path` (a fresh file), reporting bytes received. The caller verifies the digest.
    func download(
        _ repository: String, _ digest: ImageDigest, to path: String, progress: @escaping @Sendable (Int64) -> Void
    ) async throws(ImageError) {
        let scope = Self.pullScope(repository)
        var lastError: (any Error)?
        for attempt in 0..<Self.attempts {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(200 << attempt)) }
            unlink(path)
            do {
                let status = try await downloadOnce(repository, digest, to: path, scope: scope, progress: progress)
                if status == .ok { return }
                if status == .unauthorized && attempt == 0 {
                    // The token may have expired between the manifest and this blob: ask again.
                    _ = try await send(.HEAD, "/v2/\(repository)/blobs/\(digest)", scope: scope)
                    continue
                }
                if status.code < 500 && status != .tooManyRequests {
                    let code: ImageError.Code = status == .notFound ? .notFound : .registry
                    throw ImageError(code, "blob \(digest): registry answered \(status.code) \(status.reasonPhrase)")
                }
                lastError = ImageError(.registry, "blob \(digest): registry answered \(status.code)")
            } catch let error as ImageError {
                throw error
            } catch {
                lastError = error
            }
        }
        unlink(path)
        throw ImageError(.unreachable, "blob \(digest): download from \(domain) failed", cause: lastError)
    }

    private func downloadOnce(
        _ repository: String, _ digest: ImageDigest, to path: String, scope: String,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> HTTPResponseStatus {
        var request = try HTTPClient.Request(url: baseURL + "/v2/\(repository)/blobs/\(digest)", method: .GET)
        if let value = authorization(for: scope) { request.headers.add(name: "Authorization", value: value) }
        let delegate = try FileDownloadDelegate(path: path, reportProgress: { progress(Int64($0.receivedBytes)) })
        let result = try await http.execute(request: request, delegate: delegate, deadline: .now() + .minutes(30))
            .futureResult.get()
        return result.head.status
    }
}
