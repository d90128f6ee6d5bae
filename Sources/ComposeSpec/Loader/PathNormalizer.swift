/// Resolves the relative paths of one canonical document against its base folder (`~` against HOME):
/// build contexts, env and label files, bind sources, watch paths, config and secret files, extends and
/// include files. Remote build contexts and named volumes are left alone.
struct PathNormalizer {
    let base: String
    let home: String?

    func resolve(_ document: YAMLNode) -> YAMLNode {
        var result = document.updatingSection("services") { resolveService($0.value) }
        for section in ["configs", "secrets"] {
            result = result.updatingSection(section) { updating($0.value, key: "file") }
        }
        if let includes = document["include"]?.items {
            result["include"] = .sequence(
                includes.map(resolveInclude), at: document["include"]?.location ?? document.location)
        }
        return result
    }

    private func path(_ text: String) -> String {
        PathResolver.absolute(text, relativeTo: base, home: home)
    }

    /// The node with the scalar at `key` made absolute (a list of scalars too).
    private func updating(_ node: YAMLNode, key: String) -> YAMLNode {
        var node = node
        guard let value = node[key] else { return node }
        node[key] = resolveScalars(value)
        return node
    }

    private func resolveScalars(_ node: YAMLNode) -> YAMLNode {
        var node = node
        if let text = node.scalar {
            node.kind = .scalar(path(text))
        } else if let items = node.items {
            node.kind = .sequence(items.map(resolveScalars))
        }
        return node
    }

    private func resolveService(_ service: YAMLNode) -> YAMLNode {
        var service = service
        if let build = service["build"], build.entries != nil {
            service["build"] = resolveBuild(build)
        }
        if let envFiles = service["env_file"]?.items {
            service["env_file"] = .sequence(
                envFiles.map { updating($0, key: "path") }, at: service["env_file"]?.location ?? service.location)
        }
        if let labelFiles = service["label_file"] {
            service["label_file"] = resolveScalars(labelFiles)
        }
        if let volumes = service["volumes"]?.items {
            service["volumes"] = .sequence(
                volumes.map(resolveVolume), at: service["volumes"]?.location ?? service.location)
        }
        if let extends = service["extends"], extends["file"] != nil {
            service["extends"] = updating(extends, key: "file")
        }
        if var develop = service["develop"], let watch = develop["watch"]?.items {
            develop["watch"] = .sequence(watch.map { updating($0, key: "path") }, at: develop.location)
            service["develop"] = develop
        }
        return service
    }

    private func resolveBuild(_ build: YAMLNode) -> YAMLNode {
        var build = build
        let context = build["context"]?.scalar ?? "."
        if !Self.isRemote(context) {
            build["context"] = .scalar(path(context), at: build["context"]?.location ?? build.location)
        }
        if let contexts = build["additional_contexts"]?.entries {
            var resolved = build["additional_contexts"] ?? build
            for entry in contexts {
                guard let text = entry.value.scalar, !text.contains(":") else { continue }
                resolved[entry.key] = .scalar(path(text), at: entry.value.location)
            }
            build["additional_contexts"] = resolved
        }
        return build
    }

    private func resolveVolume(_ volume: YAMLNode) -> YAMLNode {
        guard volume["type"]?.scalar == "bind", let source = volume["source"]?.scalar, !source.isEmpty else {
            return volume
        }
        var volume = volume
        volume["source"] = .scalar(path(source), at: volume["source"]?.location ?? volume.location)
        return volume
    }

    private func resolveInclude(_ include: YAMLNode) -> YAMLNode {
        var include = updating(include, key: "path")
        include = updating(include, key: "project_directory")
        return updating(include, key: "env_file")
    }

    /// URLs and git references are build contexts that are not folders on this machine.
    static func isRemote(_ context: String) -> Bool {
        let prefixes = ["http://", "https://", "git://", "git@", "github.com/", "ssh://"]
        return prefixes.contains { context.hasPrefix($0) } || context.contains("://")
    }
}
