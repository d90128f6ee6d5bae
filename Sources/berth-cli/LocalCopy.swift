import APIClient
import ArgumentParser
import Foundation
import Images

/// The local half of `cp`, with the docker CLI's rules for where things land:
/// - into an existing folder, the source keeps its name (`SRC/.` copies the folder's content);
/// - onto a missing path, the source takes that name (its parent must exist; a trailing `/` on a
///   missing path is an error, since it promises a folder);
/// - onto an existing file, a file replaces it and a folder is refused.
/// Local trees are read and written under `/` through RootedPath, without following a symlink the
/// tree holds, as the engine does inside containers.
enum LocalCopy {
    /// What is copied into a container: a local path, or a tar read from standard input (`-`).
    enum Origin {
        case path(String, isFolder: Bool)
        case tar([UInt8])

        init(_ local: String, followLink: Bool) throws {
            if local == "-" {
                self = .tar(Array(FileHandle.standardInput.readDataToEndOfFile()))
                return
            }
            var path = LocalCopy.absolute(local)
            if followLink, let resolved = realpath(path, nil) {
                path = String(cString: resolved) + (local.hasSuffix("/.") ? "/." : "")
                free(resolved)
            }
            var info = stat()
            guard lstat(path, &info) == 0 || stat(path, &info) == 0 else {
                throw CommandError("cp: \(local): no such file or directory")
            }
            let folder = info.st_mode & S_IFMT == S_IFDIR || (path.hasSuffix("/.") && stat(path, &info) == 0)
            self = .path(path, isFolder: folder)
        }
    }

    /// Copies `origin` to `destination` in container `id`.
    static func intoContainer(
        _ id: String, from origin: Origin, to destination: String, client: SocketEngineClient, keepOwners: Bool
    ) async throws {
        let target = try await client.statContainerPath(id, path: destination)
        switch origin {
        case .tar(let tar):
            guard let target, target.isDirectory else {
                throw CommandError("cp: \(destination): a tar from standard input needs an existing folder")
            }
            try await client.extractToContainer(id, path: destination, tar: tar, copyUIDGID: keepOwners)
        case .path(let path, let isFolder):
            let (folder, name) = try placement(
                of: RootedPath(path), isFolder: isFolder, at: destination, exists: target.map { $0.isDirectory })
            let tar = try archive(RootedPath(path), as: name)
            try await client.extractToContainer(id, path: folder, tar: tar, copyUIDGID: keepOwners)
        }
    }

    /// Copies `path` of container `id` to `destination` (`-`: the tar on standard output).
    static func fromContainer(
        _ id: String, path: String, to destination: String, client: SocketEngineClient, keepOwners: Bool
    ) async throws {
        guard let source = try await client.statContainerPath(id, path: path) else {
            throw CommandError("cp: \(path): no such file or directory in the container")
        }
        let tar = try await client.containerArchive(id, path: path)
        if destination == "-" {
            FileHandle.standardOutput.write(Data(tar))
            return
        }
        let local = absolute(destination)
        var info = stat()
        let exists: Bool? = stat(local, &info) == 0 ? (info.st_mode & S_IFMT == S_IFDIR) : nil
        let rooted = RootedPath(path)
        let (folder, name) = try placement(of: rooted, isFolder: source.isDirectory, at: local, exists: exists)
        let topName = rooted.archiveName
        if name == topName || (name.isEmpty && topName == ".") {
            return try extract(tar, into: folder, keepOwners: keepOwners)
        }
        // The archive's top entry has the source's name: unpack beside the target, then rename.
        try extractRenamed(tar, topName: topName, into: folder, as: name, keepOwners: keepOwners)
    }

    /// Where a source lands at `destination` (`exists`: nil when missing, else whether it is a folder):
    /// the folder to extract into and the name of the top entry ("" for a folder's content).
    static func placement(of source: RootedPath, isFolder: Bool, at destination: String, exists: Bool?) throws
        -> (folder: String, name: String)
    {
        let content = source.name == "."
        let target = RootedPath(destination)
        switch exists {
        case true?:
            return (destination, content ? "" : source.name)
        case false?:
            guard !isFolder else { throw CommandError("cp: cannot copy a folder onto the file \(destination)") }
            return (target.parent, target.name)
        case nil:
            if destination.hasSuffix("/") && !isFolder {
                throw CommandError("cp: \(destination): no such folder")
            }
            return (target.parent, target.name)
        }
    }

    /// A tar of `path` with its top entry named `name` ("" puts a folder's content at the top).
    static func archive(_ path: RootedPath, as name: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let root = try openRoot()
        defer { close(root) }
        let archiver = try TreeArchiver { bytes.append(contentsOf: $0) }
        try archiver.add(path, in: root, as: name)
        try archiver.finish()
        return bytes
    }

    private static func extract(_ tar: [UInt8], into folder: String, keepOwners: Bool) throws {
        let root = try openRoot()
        defer { close(root) }
        var pending: [UInt8]? = tar
        let extractor = try TreeExtractor {
            defer { pending = nil }
            return pending
        }
        try extractor.extract(into: folder, in: root, ownership: keepOwners, keepKinds: false)
    }

    private static func extractRenamed(
        _ tar: [UInt8], topName: String, into folder: String, as name: String, keepOwners: Bool
    ) throws {
        var template =
            Array((folder == "/" ? "/" : folder + "/").utf8CString.dropLast()) + Array(".berth-cp-XXXXXX".utf8CString)
        guard let staging = mkdtemp(&template).map({ String(cString: $0) }) else {
            throw CommandError("cp: \(folder): cannot write there (\(String(cString: strerror(errno))))")
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try extract(tar, into: staging, keepOwners: keepOwners)
        let unpacked = topName == "." ? staging : staging + "/" + topName
        let target = (folder == "/" ? "" : folder) + "/" + name
        guard rename(unpacked, target) == 0 else {
            throw CommandError("cp: \(target): \(String(cString: strerror(errno)))")
        }
    }

    private static func openRoot() throws -> Int32 {
        let root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw CommandError("cp: cannot open /") }
        return root
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
