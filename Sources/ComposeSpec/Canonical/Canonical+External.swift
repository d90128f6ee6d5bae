extension Canonical {
    /// The deprecated `external: {name: x}` of a network, volume, secret or config → `name: x` and
    /// `external: true`, with a deprecation warning; a different `name` beside it is a conflict.
    static func external(_ node: YAMLNode, _ path: ComposePath, _ diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        guard var entries = node.entries, let index = entries.firstIndex(where: { $0.key == "external" }),
            entries[index].value.entries != nil
        else { return node }
        let external = entries[index]
        entries[index].value = yes(at: external.value.location)
        guard let externalName = external.value["name"] else {
            return YAMLNode(.mapping(entries), at: node.location, mergeTag: node.mergeTag)
        }
        let namePath = path.appending(key: "external").appending(key: "name")
        diagnostics.append(
            SpecDiagnostic(
                .deprecated, "external.name is deprecated, set name and external: true instead",
                at: externalName.location, path: namePath.description, severity: .warning))
        if let name = node["name"] {
            if name.scalar != externalName.scalar {
                diagnostics.append(
                    SpecDiagnostic(
                        .conflict, "name and external.name conflict; only use name",
                        at: external.keyLocation, path: path.description))
            }
        } else {
            let entry = YAMLNode.Entry(key: "name", keyLocation: external.keyLocation, value: externalName)
            entries.insert(entry, at: index)
        }
        return YAMLNode(.mapping(entries), at: node.location, mergeTag: node.mergeTag)
    }
}
