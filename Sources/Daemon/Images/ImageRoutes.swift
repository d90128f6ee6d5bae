import EngineAPI
import Foundation
import Images

/// `/images/...`: list, inspect, pull (create), push, tag, delete, prune, save (get), load.
enum ImageRoutes {
    static func register(on router: inout Router, daemon: DaemonState) {
        let store = daemon.images
        router.add(.GET, "/images/json") { _ in try .json(try images { try store.list() }.map(summary)) }
        router.add(.GET, "/images/{name*}/json") { request in
            let name = try request.parameter("name")
            return try .json(try images(name) { try store.inspect(name) }.dockerInspect)
        }
        router.add(.POST, "/images/{name*}/tag") { request in
            let name = try request.parameter("name")
            guard let repository = request.query("repo"), !repository.isEmpty else {
                throw APIError.badRequest("repo: missing repository name")
            }
            let target = repository + (request.query("tag").flatMap { $0.isEmpty ? nil : ":" + $0 } ?? "")
            try images(name) { try store.tag(name, as: target) }
            daemon.events.publish(EngineEvent(type: "image", action: "tag", id: name, attributes: ["name": target]))
            return .empty(.created)
        }
        router.add(.DELETE, "/images/{name*}") { request in
            let name = try request.parameter("name")
            let removed = try images(name) { try store.remove(name, force: try request.flag("force")) }
            daemon.events.publish(EngineEvent(type: "image", action: "delete", id: name, attributes: ["name": name]))
            return try .json(
                removed.map { item in
                    item.hasPrefix("sha256:")
                        ? ImageDeleteResponseItem(deleted: item) : ImageDeleteResponseItem(untagged: item)
                })
        }
        router.add(.POST, "/images/prune") { request in
            let filters = try QueryFilters.parse(request)
            let all = filters["dangling"]?.contains { $0 == "false" || $0 == "0" } ?? false
            let used = Set(daemon.containers.store.list().compactMap { try? ImageDigest($0.config.imageID) })
            let deleted = try images { try store.prune(all: all, keeping: used) }
            let reclaimed = (try? store.collectGarbage()) ?? 0
            return try .json(
                PruneBody(ImagesDeleted: deleted.map { ["Deleted": $0.description] }, SpaceReclaimed: reclaimed))
        }
        ImageTransferRoutes.register(on: &router, daemon: daemon)
        ImageArchiveRoutes.register(on: &router, daemon: daemon)
    }

    private struct PruneBody: Encodable {
        var ImagesDeleted: [[String: String]]
        var SpaceReclaimed: Int64
    }

    static func summary(_ record: ImageRecord) -> ImageSummary {
        var body = ImageSummary(id: record.id.description, repoTags: record.repoTags)
        body.repoDigests = record.repoDigests
        body.parentID = ""
        body.created = Int64(ISO8601DateFormatter().date(from: record.created ?? "")?.timeIntervalSince1970 ?? 0)
        body.size = record.size
        body.sharedSize = -1
        body.containers = -1
        body.labels = record.config.config?.Labels ?? [:]
        return body
    }

    /// Runs image store work, turning its errors into API errors.
    static func images<T>(_ name: String = "", _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ImageError {
            throw ImageStoreProvider.apiError(error, reference: name)
        }
    }
}
