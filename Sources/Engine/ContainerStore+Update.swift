import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ContainerStore {
    /// Changes the config of a container that is not running (the daemon sets the netns file it
    /// made and the DNS servers of the container's networks before start) and rewrites config.json.
    @discardableResult
    package func update(_ reference: String, _ change: (inout ContainerConfig) throws -> Void) throws
        -> ContainerRecord
    {
        var record = try inspect(reference)
        guard record.state.status == .created || record.state.status == .exited else {
            throw EngineError(
                .invalidSpec, "container \(record.name) is \(record.state.status.rawValue): cannot change it")
        }
        let before = record.config
        try change(&record.config)
        // Nothing changed (a start that joins no namespace): no record or config.json to rewrite,
        // two fsync'd writes fewer on a container's start.
        if record.config == before { return record }
        try record.config.validate()
        try save(record)
        try StateFiles.save(
            OCIConfig(spec: record.config.spec), to: directory(record.id) + "/config.json", syncingFolder: false,
            durable: record.config.isDurable)
        return record
    }

    /// Replaces the container's `/etc/hosts` or `/etc/resolv.conf` (`file` is `hosts` or
    /// `resolv.conf`); a running container sees the new content, as they are bind-mounted files
    /// rewritten in place.
    package func writeEtcFile(_ reference: String, file: String, contents: String) throws {
        guard file == "hosts" || file == "resolv.conf" || file == "hostname" else {
            throw EngineError(.invalidSpec, "\(file) is not a container /etc file berth writes")
        }
        let path = directory(try resolve(reference)) + "/" + file
        // Written in place, not renamed: a rename would leave the running container's bind mount
        // on the old inode.
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw EngineError(.notFound, "container \(reference): \(file) is missing")
        }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(contents.utf8))
    }

    /// Renames a container; the new name must be free.
    package func rename(_ reference: String, to newName: String) throws {
        var record = try inspect(reference)
        let valid = newName.range(of: "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", options: .regularExpression) != nil
        guard valid else {
            throw EngineError(.invalidSpec, "container name \"\(newName)\" must match [a-zA-Z0-9][a-zA-Z0-9_.-]*")
        }
        guard symlink(record.id, root + "/names/" + newName) == 0 else {
            throw EngineError(.invalidSpec, "container name \"\(newName)\" is already in use")
        }
        let oldName = record.name
        record.name = newName
        record.config.name = newName
        do {
            try save(record)
        } catch {
            unlink(root + "/names/" + newName)
            throw error
        }
        release(name: oldName, id: record.id)
    }
}
