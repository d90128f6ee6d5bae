extension Canonical {
    /// How a list item without `=` is read.
    enum BareKey: Sendable {
        /// `FOO` maps to null (taken from the environment later); a key ending in a space is an error.
        case environment
        /// `FOO` maps to null (an empty label).
        case label
        /// `FOO` is an error: every item must be `KEY=VALUE` (`build.additional_contexts`).
        case strict
    }

    /// `[A=1, B]` → `{A: "1", B: null}`. The last item of a key wins, at the place of its first item.
    static func keyValues(
        _ bare: BareKey
    ) -> @Sendable (YAMLNode, ComposePath, inout [SpecDiagnostic]) -> YAMLNode {
        { node, path, diagnostics in
            guard let items = node.items, items.allSatisfy({ $0.scalar != nil }) else { return node }
            var entries: [(String, YAMLNode?)] = []
            for (index, item) in items.enumerated() {
                let text = item.scalar ?? ""
                let itemPath = path.appending(index: index)
                guard let separator = text.firstIndex(of: "=") else {
                    guard let value = bareValue(text, bare, item, itemPath, &diagnostics) else { return node }
                    entries.append((text, value))
                    continue
                }
                let key = String(text[..<separator])
                if bare == .environment, key.last?.isWhitespace == true {
                    let message = "environment variable \"\(key)\" is declared with a trailing space"
                    diagnostics.append(invalid(message, item, itemPath))
                    return node
                }
                entries.append((key, quoted(String(text[text.index(after: separator)...]), at: item.location)))
            }
            return deduplicated(mapping(entries, at: node.location))
        }
    }

    private static func bareValue(
        _ text: String, _ bare: BareKey, _ item: YAMLNode, _ path: ComposePath, _ diagnostics: inout [SpecDiagnostic]
    ) -> YAMLNode? {
        guard bare == .strict else { return .null(at: item.location) }
        diagnostics.append(invalid("invalid value \"\(text)\", expected KEY=VALUE", item, path))
        return nil
    }

    /// `build.ssh: [default, key=/path]` → `{default: null, key: /path}`.
    static func ssh(_ node: YAMLNode, _ path: ComposePath, _ diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        guard let items = node.items, items.allSatisfy({ $0.scalar != nil }) else { return node }
        var entries: [(String, YAMLNode?)] = []
        for (index, item) in items.enumerated() {
            let text = item.scalar ?? ""
            if let separator = text.firstIndex(of: "=") {
                let value = quoted(String(text[text.index(after: separator)...]), at: item.location)
                entries.append((String(text[..<separator]), value))
            } else if text == "default" {
                entries.append((text, .null(at: item.location)))
            } else {
                let message = "invalid ssh key \"\(text)\", expected default or ID=PATH"
                diagnostics.append(invalid(message, item, path.appending(index: index)))
                return node
            }
        }
        return deduplicated(mapping(entries, at: node.location))
    }

    /// `extra_hosts: ["db=10.0.0.2", "db:10.0.0.3"]` or `{db: 10.0.0.2}` → `{db: [10.0.0.2, ...]}`. The
    /// separator `=` is tried before `:`, `a,b` lists several addresses and `[::1]` loses its brackets.
    static func extraHosts(_ node: YAMLNode, _ path: ComposePath, _ diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        var hosts: [(name: String, addresses: [YAMLNode], at: YAMLNode)] = []
        func add(_ name: String, _ addresses: [String], _ item: YAMLNode) {
            let nodes = addresses.map { quoted(unbracketed($0), at: item.location) }
            if let index = hosts.firstIndex(where: { $0.name == name }) {
                hosts[index].addresses += nodes
            } else {
                hosts.append((name, nodes, item))
            }
        }
        for (index, item) in (node.items ?? []).enumerated() {
            guard let text = item.scalar else { return node }
            guard let (name, address) = hostAndAddress(text) else {
                let message = "invalid extra host \"\(text)\": missing IP address, expected HOST=IP"
                diagnostics.append(invalid(message, item, path.appending(index: index)))
                return node
            }
            add(name, address.split(separator: ",", omittingEmptySubsequences: false).map(String.init), item)
        }
        for entry in node.entries ?? [] {
            let value = entry.value
            guard let addresses = value.scalar.map({ [$0] }) ?? value.items?.compactMap(\.scalar) else { return node }
            add(entry.key, addresses, value)
        }
        guard node.items != nil || node.entries != nil else { return node }
        for host in hosts where host.name.isEmpty || host.name.contains(where: { $0 == ":" || $0 == "=" }) {
            diagnostics.append(invalid("bad host name \"\(host.name)\"", host.at, path))
            return node
        }
        return mapping(hosts.map { ($0.name, .sequence($0.addresses, at: $0.at.location)) }, at: node.location)
    }

    private static func hostAndAddress(_ text: String) -> (String, String)? {
        guard let separator = text.firstIndex(of: "=") ?? text.firstIndex(of: ":") else { return nil }
        return (String(text[..<separator]), String(text[text.index(after: separator)...]))
    }

    private static func unbracketed(_ address: String) -> String {
        guard address.count > 2, address.hasPrefix("["), address.hasSuffix("]") else { return address }
        return String(address.dropFirst().dropLast())
    }

    /// A value cut out of a longer string: it stays text even when it reads like a number or a Boolean.
    static func quoted(_ text: String, at location: SourceLocation) -> YAMLNode {
        YAMLNode(.scalar(text), at: location, isQuoted: true)
    }
}
