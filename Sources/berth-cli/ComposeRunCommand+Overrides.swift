import ArgumentParser
import ComposeSpec
import Foundation

extension RunCommand {
    /// The service as `run` creates its container: the command-line overrides applied, no restart policy,
    /// no ports unless `--service-ports` or `-p`, no `container_name` (the one-off name is used).
    func overridden(_ original: Service, projectDirectory: String) throws -> Service {
        var service = original
        service.containerName = nil
        service.restart = nil
        service.deploy?.restartPolicy = nil
        // Standard input is not attached through the API yet: no TTY and no open stdin, as with -T.
        service.tty = nil
        service.stdinOpen = nil
        if !command.isEmpty { service.command = ShellCommand(command) }
        if let entrypoint {
            do {
                service.entrypoint = try ShellCommand(parsing: entrypoint)
            } catch {
                throw ValidationError("--entrypoint \(entrypoint): \(error)")
            }
            if command.isEmpty { service.command = ShellCommand([]) }
        }
        if let user { service.user = user }
        if let workdir { service.workingDir = workdir }
        service.environment = Self.environment(service.environment, overrides: env)
        for entry in label {
            let (key, value) = keyValue(entry)
            service.labels = (service.labels ?? [:]).merging([key: value]) { $1 }
        }
        if !capAdd.isEmpty {
            service.capAdd = (service.capAdd ?? []) + capAdd
            service.capDrop = service.capDrop?.filter { !capAdd.contains($0) }
        }
        if !capDrop.isEmpty {
            service.capDrop = (service.capDrop ?? []) + capDrop
            service.capAdd = service.capAdd?.filter { !capDrop.contains($0) }
        }
        if !servicePorts { service.ports = try publish.isEmpty ? nil : publish.flatMap(Self.port) }
        if !volume.isEmpty {
            service.volumes = (service.volumes ?? []) + (try volume.map { try Self.volume($0, in: projectDirectory) })
        }
        return service
    }

    /// `-e KEY=VALUE` sets, `-e KEY` takes the value from berth's environment (and is dropped when unset).
    static func environment(_ base: [String: String?]?, overrides: [String]) -> [String: String?]? {
        guard !overrides.isEmpty else { return base }
        var environment = base ?? [:]
        let host = ProcessInfo.processInfo.environment
        for entry in overrides {
            let (key, value) = keyValue(entry)
            if entry.contains("=") {
                environment[key] = .some(value)
            } else if let value = host[key] {
                environment[key] = .some(value)
            }
        }
        return environment
    }

    /// `[IP:][HOST:]CONTAINER[/PROTOCOL]`, one port (no ranges).
    static func port(_ text: String) throws -> [ServicePort] {
        var body = Substring(text)
        var proto = "tcp"
        if let slash = body.lastIndex(of: "/") {
            proto = body[body.index(after: slash)...].lowercased()
            body = body[..<slash]
        }
        var parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard ["tcp", "udp", "sctp"].contains(proto), let last = parts.popLast(), let target = UInt32(last),
            (1...65535).contains(target)
        else {
            throw ValidationError("-p \(text): expected [IP:][HOST:]CONTAINER[/PROTOCOL]")
        }
        var port = ServicePort()
        port.target = target
        port.protocol = proto
        port.mode = "ingress"
        if let published = parts.popLast(), !published.isEmpty {
            guard UInt16(published) != nil else { throw ValidationError("-p \(text): host port \"\(published)\"") }
            port.published = published
        }
        if !parts.isEmpty {
            let address = parts.joined(separator: ":")
            port.hostIP = address.hasPrefix("[") ? String(address.dropFirst().dropLast()) : address
        }
        return [port]
    }

    /// `SRC:DEST[:ro|rw]` (a path SRC binds, a name SRC is a named volume) or `DEST` (anonymous volume).
    static func volume(_ text: String, in projectDirectory: String) throws -> ServiceVolume {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("-v \(text): expected SRC:DEST[:ro]")
        }
        var volume = ServiceVolume()
        volume.type = "volume"
        volume.target = parts.count == 1 ? parts[0] : parts[1]
        if parts.count == 3 {
            guard ["ro", "rw"].contains(parts[2]) else { throw ValidationError("-v \(text): mode must be ro or rw") }
            volume.readOnly = parts[2] == "ro" ? true : nil
        }
        guard parts.count > 1 else { return volume }
        let source = parts[0]
        if source.hasPrefix("/") || source.hasPrefix(".") || source.hasPrefix("~") {
            volume.type = "bind"
            volume.source = Self.absolute(source, in: projectDirectory)
        } else {
            volume.source = source
        }
        return volume
    }

    private static func absolute(_ path: String, in folder: String) -> String {
        if path.hasPrefix("~") { return NSString(string: path).expandingTildeInPath }
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
    }
}
