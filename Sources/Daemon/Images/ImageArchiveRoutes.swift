import Engine
import Foundation
import Images

#if canImport(Glibc)
    import Glibc
#endif

/// `docker load` (POST /images/load: a `docker save` tar or an OCI archive, plain or compressed) and
/// `docker save` (GET /images/get, GET /images/{name}/get). The archives pass through a file of the
/// image store's root: loading checks every blob before anything is named, saving needs a complete
/// index before the first byte is sent.
enum ImageArchiveRoutes {
    static func register(on router: inout Router, daemon: DaemonState) {
        router.addStreaming(.POST, "/images/load") { request in
            let records = try load(request.bodyReader, daemon: daemon)
            return .stream(.ok, contentType: "application/json") { stream in
                for record in records {
                    let names = record.repoTags.isEmpty ? ["ID: " + record.id.description] : record.repoTags
                    for name in names {
                        let prefix = name.hasPrefix("ID: ") ? "Loaded image " : "Loaded image: "
                        try stream.write(ImageTransferRoutes.line(["stream": prefix + name + "\n"]))
                    }
                    daemon.events.publish(EngineEvent(type: "image", action: "load", id: record.id.description))
                }
            }
        }
        router.add(.GET, "/images/get") { request in
            let values: [String] = request.query["names"] ?? []
            let names = values.flatMap { $0.split(separator: ",").map(String.init) }
            guard !names.isEmpty else { throw APIError.badRequest("names: missing (the images to save)") }
            return try save(names, daemon: daemon)
        }
        router.add(.GET, "/images/{name*}/get") { request in
            try save([try request.parameter("name")], daemon: daemon)
        }
    }

    /// Copies the body into a file, then loads it; a body that is no image archive is a 400.
    private static func load(_ body: any RequestBody, daemon: DaemonState) throws -> [ImageRecord] {
        let file = try temporaryFile(daemon, "load")
        defer { unlink(file.path) }
        var size = 0
        do {
            defer { close(file.fd) }
            while let bytes = try body.read() {
                try writeAll(file.fd, bytes, path: file.path)
                size += bytes.count
            }
        }
        guard size > 0 else { throw APIError.badRequest("request body is empty: expected an image archive (tar)") }
        do {
            return try daemon.images.load(archivePath: file.path)
        } catch {
            switch error.code {
            case .invalidContent, .unsupported, .digestMismatch, .unsafeLayer, .invalidReference:
                throw APIError.badRequest("image archive: \(error)")
            default:
                throw APIError.server("image archive: \(error)")
            }
        }
    }

    /// Writes the archive to a file, then streams it; an unknown name is a 404 before anything is sent.
    private static func save(_ names: [String], daemon: DaemonState) throws -> APIResponse {
        let file = try temporaryFile(daemon, "save")
        close(file.fd)
        unlink(file.path)
        do {
            try daemon.images.save(references: names, to: file.path)
        } catch {
            unlink(file.path)
            let name = names.first { (try? daemon.images.inspect($0)) == nil } ?? names.joined(separator: ", ")
            throw ImageStoreProvider.apiError(error, reference: name)
        }
        return .stream(.ok, contentType: "application/x-tar") { stream in
            defer { unlink(file.path) }
            let fd = open(file.path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw APIError.server("image archive \(file.path): cannot open") }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 1 << 18)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw APIError.server("image archive \(file.path): read failed") }
                if count == 0 { return }
                try stream.write(Array(buffer[..<count]))
            }
        }
    }

    /// A new file (O_EXCL) in the image store's ingest folder.
    private static func temporaryFile(_ daemon: DaemonState, _ kind: String) throws -> (fd: Int32, path: String) {
        let folder = daemon.images.root + "/ingest"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/\(kind)-" + UUID().uuidString + ".tar"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw APIError.server("cannot create \(path): errno \(errno)") }
        return (fd, path)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress?.advanced(by: offset), $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw APIError.server("cannot write \(path): errno \(errno)") }
            offset += written
        }
    }
}
