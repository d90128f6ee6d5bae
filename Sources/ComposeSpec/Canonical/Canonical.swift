/// Rewrites one compose file's short syntaxes into their long forms (compose-go's `transform` package), so
/// that files can be merged and read by one code path. It runs per file, before files are merged.
///
/// What it does not do: resolve relative paths, interpolate, or add the defaults compose-go adds after
/// merging (secret targets, build context `.`). A value of the wrong type is left as it is for the schema
/// to report; a value tagged `!reset` is left untouched for the merge to act on.
package enum Canonical {
    /// Returns `document` with every short syntax in its long form; a short form that cannot be parsed
    /// stays as written and adds an error to `diagnostics`.
    package static func transform(_ document: YAMLNode, diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        walk(document, at: ComposePath(), diagnostics: &diagnostics)
    }

    /// A rewrite of the node found at a path matching `pattern`.
    struct Rule: Sendable {
        let pattern: ComposePath
        let rewrite: @Sendable (YAMLNode, ComposePath, inout [SpecDiagnostic]) -> YAMLNode

        init(
            _ pattern: String,
            _ rewrite: @escaping @Sendable (YAMLNode, ComposePath, inout [SpecDiagnostic]) -> YAMLNode
        ) {
            self.pattern = ComposePath(pattern)
            self.rewrite = rewrite
        }

        /// A rewrite that reports nothing.
        init(_ pattern: String, _ rewrite: @escaping @Sendable (YAMLNode) -> YAMLNode) {
            self.init(pattern) { node, _, _ in rewrite(node) }
        }
    }

    /// Applies the rule of `path` (if any), then walks into the result, so nested rules see long forms.
    private static func walk(_ node: YAMLNode, at path: ComposePath, diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        if node.mergeTag == .reset { return node }
        var result = node
        if let rule = rules.first(where: { path.matches($0.pattern) }) {
            result = rule.rewrite(node, path, &diagnostics)
            result.mergeTag = node.mergeTag
        }
        switch result.kind {
        case .mapping(let entries):
            result.kind = .mapping(
                entries.map { entry in
                    var entry = entry
                    entry.value = walk(entry.value, at: path.appending(key: entry.key), diagnostics: &diagnostics)
                    return entry
                })
        case .sequence(let items):
            result.kind = .sequence(
                items.enumerated().map { index, item in
                    walk(item, at: path.appending(index: index), diagnostics: &diagnostics)
                })
        case .null, .scalar:
            break
        }
        return result
    }
}

extension Canonical {
    /// A mapping built from `pairs` in order, skipping absent values; each key sits where its value came
    /// from (a list item's own place for `[a, b]` → `{a: , b: }`).
    static func mapping(_ pairs: [(String, YAMLNode?)], at location: SourceLocation) -> YAMLNode {
        .mapping(
            pairs.compactMap { key, value in
                value.map { YAMLNode.Entry(key: key, keyLocation: $0.location, value: $0) }
            },
            at: location)
    }

    /// A scalar at `location`, or nothing for empty text (the long forms omit empty fields).
    static func text(_ text: String, at location: SourceLocation) -> YAMLNode? {
        text.isEmpty ? nil : .scalar(text, at: location)
    }

    /// The plain scalar `true` at `location`.
    static func yes(at location: SourceLocation) -> YAMLNode {
        .scalar("true", at: location)
    }

    /// An error about the value at `path`, reported where `node` was written.
    static func invalid(_ message: String, _ node: YAMLNode, _ path: ComposePath) -> SpecDiagnostic {
        SpecDiagnostic(.invalidValue, message, at: node.location, path: path.description)
    }
}
