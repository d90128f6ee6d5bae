extension Canonical {
    /// `build: ./dir` → `build: {context: ./dir}`.
    static func build(_ node: YAMLNode) -> YAMLNode {
        guard let text = node.scalar else { return node }
        return mapping([("context", .scalar(text, at: node.location))], at: node.location)
    }

    /// `extends: web` → `extends: {service: web}`.
    static func extends(_ node: YAMLNode) -> YAMLNode {
        guard let text = node.scalar else { return node }
        return mapping([("service", .scalar(text, at: node.location))], at: node.location)
    }

    /// A secret or config granted by name → `{source: name}`; the target default comes after merging.
    static func fileMount(_ node: YAMLNode) -> YAMLNode {
        guard let text = node.scalar else { return node }
        return mapping([("source", .scalar(text, at: node.location))], at: node.location)
    }

    /// `gpus: all` → `gpus: [{count: all}]`.
    static func gpus(_ node: YAMLNode) -> YAMLNode {
        guard node.scalar != nil else { return node }
        let request = mapping([("count", .scalar("all", at: node.location))], at: node.location)
        return .sequence([request], at: node.location)
    }

    /// A single string where a list is allowed (`dns: 8.8.8.8`) → a list of one.
    static func stringToList(_ node: YAMLNode) -> YAMLNode {
        guard node.scalar != nil else { return node }
        return .sequence([node], at: node.location)
    }

    /// `dns: 8.8.8.8` → `[8.8.8.8]`, without empty entries (an unset `${DNS}` leaves no server behind).
    static func dns(_ node: YAMLNode) -> YAMLNode {
        guard let items = stringToList(node).items else { return node }
        return .sequence(items.filter { !($0.isNull || $0.scalar == "") }, at: node.location)
    }

    /// `networks: [front, back]` → `networks: {front: null, back: null}`.
    static func namesToMapping(_ node: YAMLNode) -> YAMLNode {
        guard let items = node.items, items.allSatisfy({ $0.scalar != nil }) else { return node }
        return deduplicated(mapping(items.map { ($0.scalar ?? "", .null(at: $0.location)) }, at: node.location))
    }

    /// `depends_on: [db]` → `{db: {condition: service_started, required: true}}`; mapping entries get the
    /// same defaults for the fields they leave out.
    static func dependsOn(_ node: YAMLNode) -> YAMLNode {
        if let items = node.items, items.allSatisfy({ $0.scalar != nil }) {
            let entries = items.map { ($0.scalar ?? "", dependency(.mapping([], at: $0.location))) }
            return deduplicated(mapping(entries, at: node.location))
        }
        guard var entries = node.entries else { return node }
        for index in entries.indices where entries[index].value.entries != nil {
            entries[index].value = dependency(entries[index].value)
        }
        return YAMLNode(.mapping(entries), at: node.location)
    }

    private static func dependency(_ node: YAMLNode) -> YAMLNode {
        var node = node
        if node["condition"] == nil { node["condition"] = .scalar("service_started", at: node.location) }
        if node["required"] == nil { node["required"] = yes(at: node.location) }
        return node
    }

    /// `env_file: .env` or `[.env]` → `[{path: .env, required: true}]`.
    static func envFiles(_ node: YAMLNode) -> YAMLNode {
        let listed = stringToList(node)
        guard let items = listed.items else { return node }
        let files = items.map { item -> YAMLNode in
            if let text = item.scalar {
                return mapping(
                    [("path", .scalar(text, at: item.location)), ("required", yes(at: item.location))],
                    at: item.location)
            }
            guard item.entries != nil, item["required"] == nil else { return item }
            var file = item
            file["required"] = yes(at: item.location)
            return file
        }
        return .sequence(files, at: node.location)
    }

    /// `/dev/a:/dev/b:rw` → `{source: /dev/a, target: /dev/b, permissions: rw}`; target defaults to the
    /// source and permissions to `rwm`.
    static func device(_ node: YAMLNode, _ path: ComposePath, _ diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        guard let text = node.scalar else { return node }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3 else {
            let message = "invalid device \"\(text)\": too many colons, use the long syntax"
            diagnostics.append(invalid(message, node, path))
            return node
        }
        let source = parts[0]
        let target = parts.count > 1 && !parts[1].isEmpty ? parts[1] : source
        let permissions = parts.count > 2 ? parts[2] : "rwm"
        return mapping(
            [
                ("source", .scalar(source, at: node.location)), ("target", .scalar(target, at: node.location)),
                ("permissions", .scalar(permissions, at: node.location)),
            ], at: node.location)
    }

    /// `include: [a.yaml]` → `[{path: [a.yaml]}]`; `path` and `env_file` become lists.
    static func include(_ node: YAMLNode) -> YAMLNode {
        if let text = node.scalar {
            return mapping(
                [("path", .sequence([.scalar(text, at: node.location)], at: node.location))],
                at: node.location)
        }
        guard node.entries != nil else { return node }
        var result = node
        for key in ["path", "env_file"] {
            if let value = node[key] { result[key] = stringToList(value) }
        }
        return result
    }

    /// Keeps the first entry of each key, with the value of the last one (YAML lists may repeat a name).
    static func deduplicated(_ node: YAMLNode) -> YAMLNode {
        guard let entries = node.entries else { return node }
        var result: [YAMLNode.Entry] = []
        for entry in entries {
            if let index = result.firstIndex(where: { $0.key == entry.key }) {
                result[index].value = entry.value
            } else {
                result.append(entry)
            }
        }
        return YAMLNode(.mapping(result), at: node.location, mergeTag: node.mergeTag)
    }
}
