/// Merges canonical compose documents by the Compose Specification's merge rules, as compose-go's
/// `override` package applies them: mappings merge key by key, sequences append, a few sequences keep one
/// entry per key (ports, volumes by target, ...), shell commands are replaced, `!reset` removes the value
/// inherited so far and `!override` replaces it. Values keep the locations of the file they came from.
///
/// Both documents must be in canonical form (`Canonical.transform`): the merge never parses short syntax.
package enum Merge {
    /// Returns `base` with `override` (a later file) merged onto it. Merging a single file onto an empty
    /// mapping applies its own `!reset` tags and uniqueness rules, as compose-go does for the first file.
    package static func merge(_ base: YAMLNode, _ override: YAMLNode) -> YAMLNode {
        value(removingTags(base), override, at: ComposePath())
    }

    /// Returns the service `override` extending the service `base` (both the bodies of entries under
    /// `services`), by the same rules as `merge`. The `extends` key itself is left for the caller to remove.
    package static func mergeService(_ base: YAMLNode, _ override: YAMLNode) -> YAMLNode {
        value(removingTags(base), override, at: ComposePath("services.*"))
    }

    /// Returns `node` without the values tagged `!reset` and without any merge tag left.
    package static func removingTags(_ node: YAMLNode) -> YAMLNode {
        var result = node
        result.mergeTag = nil
        switch node.kind {
        case .mapping(let entries):
            result.kind = .mapping(
                entries.filter { $0.value.mergeTag != .reset }.map { entry in
                    var entry = entry
                    entry.value = removingTags(entry.value)
                    return entry
                })
        case .sequence(let items):
            result.kind = .sequence(items.filter { $0.mergeTag != .reset }.map(removingTags))
        case .null, .scalar:
            break
        }
        return result
    }

    /// A merge of the values found at a path matching `pattern`.
    struct Rule: Sendable {
        let pattern: ComposePath
        let merge: @Sendable (YAMLNode, YAMLNode, ComposePath) -> YAMLNode

        init(_ pattern: String, _ merge: @escaping @Sendable (YAMLNode, YAMLNode, ComposePath) -> YAMLNode) {
            self.pattern = ComposePath(pattern)
            self.merge = merge
        }
    }

    /// Merges `override` onto `base` (null when the key is new) at `path`.
    static func value(_ base: YAMLNode, _ override: YAMLNode, at path: ComposePath) -> YAMLNode {
        switch override.mergeTag {
        case .reset:
            return .null(at: override.location)
        case .override:
            var replacement = override
            replacement.mergeTag = nil
            return value(.null(at: override.location), replacement, at: path)
        case nil:
            break
        }
        if let rule = rules.first(where: { path.matches($0.pattern) }) {
            return rule.merge(base, override, path)
        }
        return generic(base, override, at: path)
    }

    /// The default rules: null changes nothing, mappings merge, sequences append, anything else replaces.
    static func generic(_ base: YAMLNode, _ override: YAMLNode, at path: ComposePath) -> YAMLNode {
        switch (base.kind, override.kind) {
        case (_, .null):
            return base.isNull ? override : base
        case (_, .mapping):
            return mappings(base.entries == nil ? .null(at: override.location) : base, override, at: path)
        case (.sequence(let items), .sequence):
            let appended = items + (removingTags(override).items ?? [])
            return YAMLNode(.sequence(appended), at: base.location)
        default:
            return removingTags(override)
        }
    }

    /// Merges two mappings key by key; the values of a key in both merge by `mergingEntries` when given
    /// (it receives the earlier and the later value), else by the rules of their path.
    static func mappings(
        _ base: YAMLNode, _ override: YAMLNode, at path: ComposePath,
        mergingEntries merge: ((YAMLNode, YAMLNode) -> YAMLNode)? = nil
    ) -> YAMLNode {
        var entries = base.entries ?? []
        for entry in override.entries ?? [] {
            let index = entries.firstIndex { $0.key == entry.key }
            if entry.value.mergeTag == .reset {
                if let index { entries.remove(at: index) }
                continue
            }
            guard let index else {
                let merged = value(.null(at: entry.value.location), entry.value, at: path.appending(key: entry.key))
                entries.append(YAMLNode.Entry(key: entry.key, keyLocation: entry.keyLocation, value: merged))
                continue
            }
            let earlier = entries[index].value
            let merged =
                merge.map { $0(earlier, entry.value) }
                ?? value(earlier, entry.value, at: path.appending(key: entry.key))
            // A value taken from the later file is reported where that file wrote its key.
            if merged.location == entry.value.location { entries[index].keyLocation = entry.keyLocation }
            entries[index].value = merged
        }
        return YAMLNode(.mapping(entries), at: base.isNull ? override.location : base.location)
    }
}
