import Foundation
import Yams

/// Reads YAML text into `YAMLNode` documents: keeps every position, leaves scalars as text, applies
/// `<<` merge keys (local keys win, earlier merge sources win) and refuses non-string keys.
package struct YAMLReader {
    package let file: String
    /// A location in `file`, moved to each node's mark (interning the path once per file).
    private let origin: SourceLocation

    package init(file: String) {
        self.file = file
        origin = SourceLocation(file: file, line: 0, column: 0)
    }

    /// Parses every document of `text`; an empty stream gives no documents.
    package func documents(of text: String) throws(SpecError) -> [YAMLNode] {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var roots: [Node] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic)
            while let root = try parser.nextRoot() {
                roots.append(root)
            }
        } catch let error as YamlError {
            throw SpecError(diagnostic(for: error, in: text))
        } catch {
            throw SpecError(SpecDiagnostic(.yamlSyntax, "\(error)", at: .synthetic(file), path: ""))
        }
        var diagnostics: [SpecDiagnostic] = []
        let nodes = roots.map { convert($0, path: "", diagnostics: &diagnostics) }
        if !diagnostics.isEmpty { throw SpecError(diagnostics: diagnostics) }
        return nodes
    }

    private func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return .synthetic(file) }
        return origin.moved(line: mark.line, column: mark.column)
    }

    private func convert(_ node: Node, path: String, diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        let tag = mergeTag(node.tag.description)
        switch node {
        case .scalar(let scalar):
            let isPlain = scalar.style == .plain || scalar.style == .any
            if isPlain && Self.isNullText(scalar.string) {
                return YAMLNode(.null, at: location(scalar.mark), mergeTag: tag)
            }
            return YAMLNode(.scalar(scalar.string), at: location(scalar.mark), mergeTag: tag, isQuoted: !isPlain)
        case .sequence(let sequence):
            let items = sequence.enumerated().map { index, item in
                convert(item, path: "\(path)[\(index)]", diagnostics: &diagnostics)
            }
            return YAMLNode(.sequence(items), at: location(sequence.mark), mergeTag: tag)
        case .mapping(let mapping):
            let entries = convertMapping(mapping, path: path, diagnostics: &diagnostics)
            return YAMLNode(.mapping(entries), at: location(mapping.mark), mergeTag: tag)
        case .alias(let alias):
            return YAMLNode(.null, at: location(alias.mark), mergeTag: tag)
        }
    }

    private func convertMapping(
        _ mapping: Node.Mapping, path: String, diagnostics: inout [SpecDiagnostic]
    ) -> [YAMLNode.Entry] {
        var local: [YAMLNode.Entry] = []
        var merged: [YAMLNode.Entry] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode, !isNonStringKey(key) else {
                let shown = keyNode.scalar?.string ?? "(\(keyNode.mapping != nil ? "mapping" : "list"))"
                let place = path.isEmpty ? "at top level" : "in \(path)"
                diagnostics.append(
                    SpecDiagnostic(
                        .nonStringKey, "non-string key \(place): \(shown)", at: location(keyNode.mark), path: path))
                continue
            }
            if key.style == .plain && key.string == "<<" {
                merged += mergeSources(valueNode, path: path, diagnostics: &diagnostics)
                continue
            }
            let childPath = path.isEmpty ? key.string : "\(path).\(key.string)"
            let value = convert(valueNode, path: childPath, diagnostics: &diagnostics)
            local.append(YAMLNode.Entry(key: key.string, keyLocation: location(key.mark), value: value))
        }
        // Local keys win over merged ones, and among merge sources the first one that has a key wins.
        var seen = Set(local.map(\.key))
        var result = local
        for entry in merged where !seen.contains(entry.key) {
            seen.insert(entry.key)
            result.append(entry)
        }
        return result
    }

    private func mergeSources(_ node: Node, path: String, diagnostics: inout [SpecDiagnostic]) -> [YAMLNode.Entry] {
        let sources: [Node] = node.sequence.map { Array($0) } ?? [node]
        var entries: [YAMLNode.Entry] = []
        for source in sources {
            guard let mapping = source.mapping else {
                diagnostics.append(
                    SpecDiagnostic(
                        .wrongType, "merge key '<<' must refer to a mapping or a list of mappings",
                        at: location(source.mark), path: path))
                continue
            }
            entries += convertMapping(mapping, path: path, diagnostics: &diagnostics)
        }
        return entries
    }

    private func mergeTag(_ name: String) -> YAMLNode.MergeTag? {
        switch name {
        case "!reset": .reset
        case "!override": .override
        default: nil
        }
    }

    /// Plain keys that YAML 1.2 reads as numbers, booleans or null are not names (compose-go refuses them).
    private func isNonStringKey(_ key: Node.Scalar) -> Bool {
        guard key.style == .plain || key.style == .any else { return false }
        let text = key.string
        if Self.isNullText(text) || ["true", "True", "TRUE", "false", "False", "FALSE"].contains(text) { return true }
        return Int(text) != nil || (Double(text) != nil && text.contains(where: \.isNumber))
    }

    static func isNullText(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }
}

extension YAMLReader {
    private func diagnostic(for error: YamlError, in text: String) -> SpecDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = describe(problem, at: mark, in: text)
            if let context, !message.hasPrefix("found a tab") {
                // libyaml's context says what it was reading and where that began: "while parsing a block mapping".
                message += " \(context.text) started at line \(context.mark.line), column \(context.mark.column)"
            }
            return SpecDiagnostic(.yamlSyntax, message, at: location(mark), path: "")
        case .duplicatedKeysInMapping(let keys, let context):
            let key = keys.first ?? ""
            let first = location(context.mark)
            let second = secondOccurrence(of: key, after: context.mark, in: text) ?? first
            return SpecDiagnostic(
                .duplicateKey, "mapping key '\(key)' is already defined at line \(first.line)",
                at: second, path: "")
        case .reader(let problem, _, _, _):
            return SpecDiagnostic(.yamlSyntax, problem, at: .synthetic(file), path: "")
        default:
            return SpecDiagnostic(.yamlSyntax, "\(error)", at: .synthetic(file), path: "")
        }
    }

    private func describe(_ problem: String, at mark: Mark, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let candidates = [mark.line - 1, mark.line - 2].filter { $0 >= 0 && $0 < lines.count }
        let tabbed = candidates.contains { lines[$0].prefix { $0 == " " || $0 == "\t" }.contains("\t") }
        if tabbed || problem.contains("cannot start any token") && lineHasTab(mark, lines) {
            return "found a tab character that violates indentation (use spaces)"
        }
        return problem
    }

    private func lineHasTab(_ mark: Mark, _ lines: [Substring]) -> Bool {
        mark.line - 1 < lines.count && mark.line >= 1 && lines[mark.line - 1].contains("\t")
    }

    /// Yams names the first of two equal keys; the error is about the second, so find it in the text.
    private func secondOccurrence(of key: String, after mark: Mark, in text: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let column = mark.column - 1
        for index in mark.line..<lines.count {
            let line = lines[index]
            guard line.count > column else { continue }
            let indent = line.prefix(column)
            let rest = line.dropFirst(column)
            if indent.allSatisfy({ $0 == " " || $0 == "-" }) && rest.hasPrefix(key)
                && rest.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":")
            {
                return SourceLocation(file: file, line: index + 1, column: mark.column)
            }
        }
        return nil
    }
}
