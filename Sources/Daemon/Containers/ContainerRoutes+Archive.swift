import Engine
import Foundation

extension ContainerRoutes {
    /// `docker cp` (GET, HEAD and PUT `/containers/{id}/archive`) and `docker export`.
    static func registerArchive(on router: inout Router, _ containers: ContainerService) {
        let statHeader = "X-Docker-Container-Path-Stat"
        router.add(.HEAD, "/containers/{id}/archive") { request in
            let stat = try containers.statPath(try request.parameter("id"), path: request.query("path") ?? "")
            return .empty(.ok, headers: [(statHeader, try stat.headerValue()), ("Content-Type", "application/x-tar")])
        }
        router.add(.GET, "/containers/{id}/archive") { request in
            let id = try request.parameter("id")
            let path = request.query("path") ?? ""
            let stat = try containers.statPath(id, path: path)
            return .stream(.ok, contentType: "application/x-tar", headers: [(statHeader, try stat.headerValue())]) {
                stream in
                try containers.archive(id, path: path) { bytes in try stream.write(Array(bytes)) }
            }
        }
        router.addStreaming(.PUT, "/containers/{id}/archive") { request in
            let id = try request.parameter("id")
            let path = request.query("path") ?? ""
            let keepKinds = try request.flag("noOverwriteDirNonDir")
            let ownership = try request.flag("copyUIDGID")
            try containers.extract(id, path: path, body: request.bodyReader, keepKinds: keepKinds, ownership: ownership)
            return .empty(.ok)
        }
        router.add(.GET, "/containers/{id}/export") { request in
            let id = try request.parameter("id")
            _ = try containers.engine { try containers.store.resolve(id) }
            return .stream(.ok, contentType: "application/x-tar") { stream in
                try containers.export(id) { bytes in try stream.write(Array(bytes)) }
            }
        }
    }
}
