import EngineAPI
import Foundation

/// What the engine tells of a path in a container (Docker's `X-Docker-Container-Path-Stat` header).
package struct ContainerPathInfo: Codable, Sendable, Equatable {
    /// The path's last component.
    package var name: String
    /// Its size in bytes.
    package var size: Int64
    /// Go's `os.FileMode` bits: permissions, with the type in the high bits.
    package var mode: UInt32
    /// Its modification time (RFC 3339).
    package var mtime: String
    /// Where a symlink points; empty otherwise.
    package var linkTarget: String

    /// Whether the path is a folder (Go's `ModeDir`, bit 31).
    package var isDirectory: Bool { mode & (1 << 31) != 0 }
}

/// `docker cp`'s calls: stat a path, fetch a tar of it, extract a tar into a folder.
extension SocketEngineClient {
    /// `HEAD /containers/{id}/archive?path=`: the path's stat, or nil when the container has no such path.
    package func statContainerPath(_ id: String, path: String) async throws -> ContainerPathInfo? {
        try await Self.blocking {
            let connection = try connect()
            let target = target("/containers/\(Self.escape(id))/archive", [("path", path)])
            do {
                try connection.send(method: "HEAD", target: target, headers: [], body: [])
                let head = try connection.readHead()
                if head.status == 404, head.header("X-Docker-Container-Path-Stat") == nil { return nil }
                // A HEAD answer has no body: the error message, when there is one, is not sent.
                guard (200..<300).contains(head.status) else {
                    throw EngineClientError(
                        code: .of(status: head.status), message: "container \(id): cannot stat \(path)")
                }
                return try Self.pathInfo(head.header("X-Docker-Container-Path-Stat"), path: path)
            } catch let error as TransportError {
                throw EngineClientError(code: .transport, message: error.description, cause: error)
            }
        }
    }

    /// `GET /containers/{id}/archive?path=`: a tar of the path, its top entry named as its last component.
    package func containerArchive(_ id: String, path: String) async throws -> [UInt8] {
        try await Self.blocking { try call("GET", "/containers/\(Self.escape(id))/archive", query: [("path", path)]) }
    }

    /// `PUT /containers/{id}/archive?path=`: extracts `tar` into the folder `path` of the container.
    /// `copyUIDGID` keeps the archive's owners (`cp -a`); else files belong to the container's root.
    package func extractToContainer(_ id: String, path: String, tar: [UInt8], copyUIDGID: Bool) async throws {
        let query: [(String, String?)] = [
            ("path", path), ("noOverwriteDirNonDir", "true"), ("copyUIDGID", copyUIDGID ? "true" : nil),
        ]
        _ = try await Self.blocking {
            try call(
                "PUT", "/containers/\(Self.escape(id))/archive", query: query, body: tar,
                headers: [("Content-Type", "application/x-tar")])
        }
    }

    static func pathInfo(_ header: String?, path: String) throws -> ContainerPathInfo {
        guard let header, let data = Data(base64Encoded: header),
            let info = try? JSONDecoder().decode(ContainerPathInfo.self, from: data)
        else {
            throw EngineClientError(code: .server, message: "stat \(path): the engine sent no readable path stat")
        }
        return info
    }
}
