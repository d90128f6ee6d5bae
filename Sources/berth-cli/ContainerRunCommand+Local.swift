import ArgumentParser
import Engine
import Foundation

/// `run` and `create` on the in-process engine (`--root` or `--rootfs`): the container store of
/// this process, a root filesystem folder instead of an image. Tests and the runtime benchmark use it.
extension ContainerCreateCommand {
    func createLocally() throws {
        let config = try options.config()
        guard publish.isEmpty else { throw ValidationError("-p needs the daemon (leave out --root and --rootfs)") }
        let store = try reportingErrors { try self.store.store() }
        print(try reportingErrors { try store.create(config) }.id)
    }
}

extension ContainerRunCommand {
    func runLocally() throws {
        var config = try options.config()
        guard publish.isEmpty else { throw ValidationError("-p needs the daemon (leave out --root and --rootfs)") }
        config.autoRemove = rm
        let store = try reportingErrors { try self.store.store() }
        let record = try reportingErrors { try store.create(config) }
        do {
            _ = try reportingErrors { try store.start(record.id) }
        } catch {
            try? store.delete(record.id, force: true)
            throw error
        }
        if detach {
            print(record.id)
            return
        }
        try Self.follow(store, record.id)
        let finished = try reportingErrors { try store.wait(record.id) }
        if rm { try reportingErrors { try store.delete(record.id) } }
        throw ExitCode(finished.state.exitCode)
    }

    /// Copies the container's log to our stdout and stderr until it exits.
    static func follow(_ store: ContainerStore, _ id: String) throws {
        try reportingErrors {
            try store.followLogs(id) { entry in
                let handle = entry.stream == "stderr" ? FileHandle.standardError : FileHandle.standardOutput
                handle.write(Data(entry.log.utf8))
                return true
            }
        }
    }
}
