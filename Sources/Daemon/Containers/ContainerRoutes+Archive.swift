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
                let batch = WriteBatch(stream)
                try containers.archive(id, path: path) { bytes in try batch.add(bytes) }
                try batch.flush()
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
                let batch = WriteBatch(stream)
                try containers.export(id) { bytes in try batch.add(bytes) }
                try batch.flush()
            }
        }
    }
}

/// Gathers libarchive's 10 KiB blocks into 256 KiB chunks: each chunk waits for the socket, and
/// small ones made copying out several times slower than copying in.
final class WriteBatch {
    private let stream: any ResponseStream
    private var pending: [UInt8] = []
    private let size = 1 << 18

    init(_ stream: any ResponseStream) {
        self.stream = stream
        pending.reserveCapacity(size)
    }

    func add(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        if pending.count >= size { try flush() }
    }

    func flush() throws {
        guard !pending.isEmpty else { return }
        try stream.write(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
