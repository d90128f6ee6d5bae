import Engine
import EngineAPI
import Foundation

/// `/containers/...` and `/exec/...`.
enum ContainerRoutes {
    static func register(on router: inout Router, containers: ContainerService, execs: ExecService) {
        registerLifecycle(on: &router, containers)
        registerQueries(on: &router, containers)
        registerStreams(on: &router, containers)
        registerArchive(on: &router, containers)
        registerExec(on: &router, containers, execs)
    }

    private static func registerLifecycle(on router: inout Router, _ containers: ContainerService) {
        router.add(.POST, "/containers/create") { request in
            let body = try request.decodeBody(ContainerCreateRequest.self)
            return try .json(containers.create(name: request.query("name"), body), status: .created)
        }
        router.add(.POST, "/containers/{id}/start") { request in
            try notModifiedAware { try containers.start(try request.parameter("id")) }
        }
        router.add(.POST, "/containers/{id}/stop") { request in
            try notModifiedAware {
                try containers.stop(
                    try request.parameter("id"), signal: request.query("signal"), timeout: try request.integer("t"))
            }
        }
        router.add(.POST, "/containers/{id}/restart") { request in
            try containers.restart(try request.parameter("id"), timeout: try request.integer("t"))
            return .empty(.noContent)
        }
        router.add(.POST, "/containers/{id}/kill") { request in
            try containers.kill(try request.parameter("id"), signal: request.query("signal"))
            return .empty(.noContent)
        }
        router.add(.POST, "/containers/{id}/pause") { request in
            try containers.pause(try request.parameter("id"))
            return .empty(.noContent)
        }
        router.add(.POST, "/containers/{id}/unpause") { request in
            try containers.unpause(try request.parameter("id"))
            return .empty(.noContent)
        }
        router.add(.POST, "/containers/{id}/rename") { request in
            guard let name = request.query("name"), !name.isEmpty else { throw APIError.badRequest("name: missing") }
            try containers.rename(try request.parameter("id"), to: name)
            return .empty(.noContent)
        }
        router.add(.DELETE, "/containers/{id}") { request in
            try containers.remove(
                try request.parameter("id"), force: try request.flag("force"), volumes: try request.flag("v"))
            return .empty(.noContent)
        }
        // The headers go out at once and the body when the condition is met: the docker CLI waits
        // for the headers before it starts the container.
        router.add(.POST, "/containers/{id}/wait") { request in
            let id = try request.parameter("id")
            let condition = request.query("condition") ?? ""
            // A 404 before the stream, except for a container removed already whose exit code is
            // kept (`wait` answers it): AutoRemove may remove it before this wait is read.
            if condition != "removed" || containers.recentExits.withLock({ $0[id] }) == nil {
                _ = try containers.engine { try containers.store.resolve(id) }
            }
            return .stream(.ok, contentType: "application/json") { stream in
                let body: ContainerWaitResponse
                do {
                    body = try containers.wait(id, condition: condition)
                } catch {
                    body = ContainerWaitResponse(
                        statusCode: -1, error: ContainerWaitResponse.WaitError(message: "\(error)"))
                }
                try stream.write(Array(try JSONEncoder().encode(body)) + [0x0A])
            }
        }
        router.add(.POST, "/containers/prune") { request in
            let filters = try QueryFilters.parse(request)
            var deleted: [String] = []
            for summary in try containers.list(all: true, filters: filters.filter { $0.key == "label" })
            where summary.state == "exited" || summary.state == "created" {
                if (try? containers.remove(summary.id, force: false, volumes: false)) != nil {
                    deleted.append(summary.id)
                }
            }
            return try .json(PruneBody(ContainersDeleted: deleted, SpaceReclaimed: 0))
        }
    }

    private struct PruneBody: Encodable {
        var ContainersDeleted: [String]
        var SpaceReclaimed: Int
    }

    private static func registerQueries(on router: inout Router, _ containers: ContainerService) {
        router.add(.GET, "/containers/json") { request in
            try .json(containers.list(all: try request.flag("all"), filters: try QueryFilters.parse(request)))
        }
        router.add(.GET, "/containers/{id}/json") { request in
            try .json(containers.inspect(try request.parameter("id")))
        }
        router.add(.GET, "/containers/{id}/top") { request in try .json(containers.top(try request.parameter("id"))) }
        router.add(.GET, "/containers/{id}/stats") { request in
            let id = try request.parameter("id")
            guard try request.flag("stream", default: true), !(try request.flag("one-shot")) else {
                return try .json(containers.stats(id))
            }
            return .stream(.ok, contentType: "application/json") { stream in
                while !stream.isClosed, let stats = try? containers.stats(id) {
                    try stream.write(Array(try JSONEncoder().encode(stats)) + [0x0A])
                    Thread.sleep(forTimeInterval: 1)
                }
            }
        }
    }

    private static func registerExec(on router: inout Router, _ containers: ContainerService, _ execs: ExecService) {
        router.add(.POST, "/containers/{id}/exec") { request in
            try .json(
                execs.create(container: try request.parameter("id"), request.decodeBody(ExecCreateRequest.self)),
                status: .created)
        }
        router.add(.GET, "/exec/{id}/json") { request in try .json(execs.inspect(try request.parameter("id"))) }
        router.add(.POST, "/exec/{id}/resize") { request in
            let (rows, columns) = try terminalSize(request)
            try execs.resize(try request.parameter("id"), rows: rows, columns: columns)
            return .empty(.ok)
        }
        router.add(.POST, "/exec/{id}/start") { request in
            let id = try request.parameter("id")
            let body = try request.decodeBody(ExecStartRequest.self, allowEmpty: true)
            _ = try execs.inspect(id)
            if body.detach == true {
                Thread.detachNewThread { try? execs.start(id, detach: true, connection: nil) }
                return .empty(.ok)
            }
            let type =
                body.tty == true ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream"
            return .hijack(contentType: type) { connection in try execs.start(id, detach: false, connection: connection)
            }
        }
    }

    /// Runs `body`; a 304 `APIError` becomes an empty 304 answer, success a 204.
    static func notModifiedAware(_ body: () throws -> Void) throws -> APIResponse {
        do {
            try body()
            return .empty(.noContent)
        } catch let error as APIError where error.status == .notModified {
            return .empty(.notModified)
        }
    }
}
