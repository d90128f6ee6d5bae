import EngineAPI
import Foundation
import Images

/// Pull, push, save and load: progress as Docker's JSON message stream.
enum ImageTransferRoutes {
    static func register(on router: inout Router, daemon: DaemonState) {
        let store = daemon.images
        router.add(.POST, "/images/create") { request in
            guard let from = request.query("fromImage"), !from.isEmpty else {
                throw APIError.badRequest("fromImage: only pulls are supported (fromSrc imports are not)")
            }
            let tag = request.query("tag").flatMap { $0.isEmpty ? nil : $0 }
            let text = tag.map { $0.hasPrefix("sha256:") ? from + "@" + $0 : from + ":" + $0 } ?? from
            let reference = try ImageRoutes.images(text) { try ImageReference.parse(text) }
            let auth = try RegistryAuthHeader.credentials(request)
            let platform = try platform(request)
            return .stream(.ok, contentType: "application/json") { stream in
                let result = Bridge.wait {
                    try await store.pull(reference, platform: platform, auth: auth) { progress in
                        try? stream.write(message(progress))
                    }
                }
                switch result {
                case .success(let record):
                    try stream.write(line(["status": "Digest: \(record.manifestDigest)"]))
                    try stream.write(line(["status": "Status: Downloaded newer image for \(reference.familiarString)"]))
                    daemon.events.publish(EngineEvent(type: "image", action: "pull", id: reference.familiarString))
                case .failure(let error):
                    try stream.write(line(["error": "\(error)", "errorDetail": ["message": "\(error)"]]))
                }
            }
        }
        router.add(.POST, "/images/{name*}/push") { request in
            let name = try request.parameter("name")
            let text = name + (request.query("tag").flatMap { $0.isEmpty ? nil : ":" + $0 } ?? "")
            let reference = try ImageRoutes.images(text) { try ImageReference.parse(text) }
            let auth = try RegistryAuthHeader.credentials(request)
            return .stream(.ok, contentType: "application/json") { stream in
                let result = Bridge.wait {
                    try await store.push(reference, auth: auth) { progress in try? stream.write(message(progress)) }
                }
                switch result {
                case .success(let digest):
                    try stream.write(line(["status": "\(reference.tag ?? "latest"): digest: \(digest)"]))
                    daemon.events.publish(EngineEvent(type: "image", action: "push", id: reference.familiarString))
                case .failure(let error):
                    try stream.write(line(["error": "\(error)", "errorDetail": ["message": "\(error)"]]))
                }
            }
        }
    }

    private static func platform(_ request: APIRequest) throws -> Platform {
        guard let text = request.query("platform"), !text.isEmpty else { return .host }
        return try ImageRoutes.images(text) { try Platform.parse(text) }
    }

    private static func message(_ progress: PullProgress) -> [UInt8] {
        let id = progress.digest.short
        switch progress.state {
        case .exists: return line(["id": id, "status": "Already exists"])
        case .transferring(let done, let total):
            return line(["id": id, "status": "Downloading", "progressDetail": ["current": done, "total": total]])
        case .extracting: return line(["id": id, "status": "Extracting"])
        case .done: return line(["id": id, "status": "Pull complete"])
        }
    }

    static func line(_ object: [String: Any]) -> [UInt8] {
        ((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map(Array.init) ?? []) + [0x0A]
    }
}

/// Runs async work from a route's own thread and waits for it.
enum Bridge {
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                box.set(.success(try await body()))
            } catch {
                box.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        return box.get()
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        // Written once by the task before the semaphore is signalled, read after the wait.
        private var value: Result<T, any Error> = .failure(APIError.server("no result"))
        func set(_ result: Result<T, any Error>) { value = result }
        func get() -> Result<T, any Error> { value }
    }
}

/// `X-Registry-Auth`: base64url JSON `{"username", "password", "serveraddress"}` (or an identity token).
enum RegistryAuthHeader {
    private struct Body: Decodable {
        var username: String?
        var password: String?
    }

    static func credentials(_ request: APIRequest) throws -> RegistryCredentials? {
        guard let header = request.headers["X-Registry-Auth"].first, !header.isEmpty else { return nil }
        var text = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let body = try? JSONDecoder().decode(Body.self, from: data) else {
            throw APIError.badRequest("X-Registry-Auth: not base64url-encoded JSON")
        }
        guard let username = body.username, !username.isEmpty else { return nil }
        return RegistryCredentials(username: username, password: body.password ?? "")
    }
}
