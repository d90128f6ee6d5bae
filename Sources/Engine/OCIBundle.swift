import Foundation

/// An OCI bundle: a folder holding config.json and (usually) the rootfs it names.
package struct OCIBundle: Sendable {
    package var directory: String
    package var config: OCIConfig

    /// Reads `directory/config.json`.
    package init(directory: String) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent("config.json")
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EngineError(.notFound, "bundle \(directory): cannot read config.json", cause: error)
        }
        do {
            config = try JSONDecoder().decode(OCIConfig.self, from: data)
        } catch {
            throw EngineError(.invalidSpec, "bundle \(directory): config.json is not a valid OCI config", cause: error)
        }
        self.directory = directory
    }

    /// Makes a bundle from a config already in memory.
    package init(directory: String, config: OCIConfig) {
        self.directory = directory
        self.config = config
    }

    /// The container spec config.json describes; a relative root.path is relative to the bundle.
    package func containerSpec() throws -> ContainerSpec {
        let where_ = "bundle \(directory): config.json"
        guard let process = config.process, let args = process.args, !args.isEmpty else {
            throw EngineError(.invalidSpec, "\(where_): process.args is missing or empty")
        }
        if process.terminal == true {
            throw EngineError(.unsupported, "\(where_): process.terminal true is not supported yet")
        }
        if let user = process.user, user.uid != 0 || user.gid != 0 {
            throw EngineError(.unsupported, "\(where_): process.user other than 0:0 is not supported yet")
        }
        guard let root = config.root else { throw EngineError(.invalidSpec, "\(where_): root is missing") }
        let rootPath = root.path.hasPrefix("/") ? root.path : directory + "/" + root.path
        var spec = ContainerSpec(root: .directory(rootPath), args: args)
        spec.env = process.env ?? []
        spec.cwd = process.cwd
        spec.hostname = config.hostname
        spec.readonlyRoot = root.readonly ?? false
        spec.namespaces = try namespaces(where_)
        spec.mounts = try mounts(where_)
        spec.maskedPaths = config.linux?.maskedPaths ?? []
        spec.readonlyPaths = config.linux?.readonlyPaths ?? []
        return spec
    }

    private func namespaces(_ where_: String) throws -> Set<ContainerSpec.Namespace> {
        var result: Set<ContainerSpec.Namespace> = []
        for (index, entry) in (config.linux?.namespaces ?? []).enumerated() {
            guard let namespace = ContainerSpec.Namespace(rawValue: entry.type) else {
                throw EngineError(
                    .unsupported, "\(where_): linux.namespaces[\(index)]: type \"\(entry.type)\" is not supported")
            }
            if entry.path != nil {
                throw EngineError(
                    .unsupported, "\(where_): linux.namespaces[\(index)]: joining a namespace by path is not supported")
            }
            result.insert(namespace)
        }
        guard result.contains(.mount) else {
            throw EngineError(.invalidSpec, "\(where_): linux.namespaces must include a mount namespace")
        }
        return result
    }

    private func mounts(_ where_: String) throws -> [ContainerSpec.Mount] {
        var result: [ContainerSpec.Mount] = []
        for (index, entry) in (config.mounts ?? []).enumerated()
        where !OCIConfig.builtInDestinations.contains(entry.destination) {
            let options = entry.options ?? []
            let isBind = entry.type == "bind" || options.contains("bind") || options.contains("rbind")
            let type = isBind ? "bind" : (entry.type ?? "")
            guard type == "bind" || type == "tmpfs" else {
                throw EngineError(.unsupported, "\(where_): mounts[\(index)]: type \"\(type)\" is not supported")
            }
            guard entry.destination.hasPrefix("/") else {
                throw EngineError(.invalidSpec, "\(where_): mounts[\(index)]: destination must be absolute")
            }
            let source = entry.source ?? type
            let resolved = isBind && !source.hasPrefix("/") ? directory + "/" + source : source
            _ = try MountOptions.parse(options, destination: entry.destination)
            result.append(.init(type: type, source: resolved, destination: entry.destination, options: options))
        }
        return result
    }
}

extension OCIBundle {
    /// Writes config.json into the bundle folder atomically (temporary file, then rename).
    package func write() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = URL(fileURLWithPath: directory).appendingPathComponent("config.json")
        do {
            try encoder.encode(config).write(to: url, options: .atomic)
        } catch {
            throw EngineError(.systemCall, "bundle \(directory): cannot write config.json", cause: error)
        }
    }
}
