/// A YAML value with the place it was written. Scalars stay text: the field that reads a value decides
/// its type (`22:22`, `yes` and `010` are strings until a field says otherwise).
package struct YAMLNode: Sendable {
    /// The override tags of the Compose Specification's merge rules.
    package enum MergeTag: Sendable, Equatable {
        /// `!reset`: drop the value inherited from earlier files or `extends`.
        case reset
        /// `!override`: replace the inherited value instead of merging into it.
        case override
    }

    package struct Entry: Sendable {
        package var key: String
        package var keyLocation: SourceLocation
        package var value: YAMLNode

        package init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    package enum Kind: Sendable {
        case null
        case scalar(String)
        case mapping([Entry])
        case sequence([YAMLNode])
    }

    package var kind: Kind
    package var location: SourceLocation
    package var mergeTag: MergeTag?
    /// True for a quoted scalar: `"1"` is text even where a number is allowed.
    package var isQuoted: Bool

    package init(_ kind: Kind, at location: SourceLocation, mergeTag: MergeTag? = nil, isQuoted: Bool = false) {
        self.kind = kind
        self.location = location
        self.mergeTag = mergeTag
        self.isQuoted = isQuoted
    }

    package static func scalar(_ text: String, at location: SourceLocation) -> YAMLNode {
        YAMLNode(.scalar(text), at: location)
    }

    package static func mapping(_ entries: [Entry], at location: SourceLocation) -> YAMLNode {
        YAMLNode(.mapping(entries), at: location)
    }

    package static func sequence(_ items: [YAMLNode], at location: SourceLocation) -> YAMLNode {
        YAMLNode(.sequence(items), at: location)
    }

    package static func null(at location: SourceLocation) -> YAMLNode {
        YAMLNode(.null, at: location)
    }
}

extension YAMLNode {
    package var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    package var scalar: String? {
        if case .scalar(let text) = kind { return text }
        return nil
    }

    package var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    package var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The name of the node's kind as error messages spell it.
    package var kindName: String {
        switch kind {
        case .null: "null"
        case .scalar: "a string"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    package subscript(key: String) -> YAMLNode? {
        get { entries?.first { $0.key == key }?.value }
        set {
            guard case .mapping(var list) = kind else { return }
            // Drop our own reference first so that `list` is unique and is changed in place, not copied:
            // projects with hundreds of services set keys of the same large mapping many times.
            kind = .null
            if let index = list.firstIndex(where: { $0.key == key }) {
                if let newValue { list[index].value = newValue } else { list.remove(at: index) }
            } else if let newValue {
                list.append(Entry(key: key, keyLocation: newValue.location, value: newValue))
            }
            kind = .mapping(list)
        }
    }

    package func entry(_ key: String) -> Entry? {
        entries?.first { $0.key == key }
    }

    /// A scalar read as the YAML 1.2 core schema would: true/false in any of their spellings.
    package var boolValue: Bool? {
        switch scalar {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// Returns a copy with every location moved to `location` (for values synthesised from another).
    package func relocated(to location: SourceLocation) -> YAMLNode {
        var copy = self
        copy.location = location
        switch kind {
        case .mapping(let list):
            copy.kind = .mapping(
                list.map { Entry(key: $0.key, keyLocation: location, value: $0.value.relocated(to: location)) })
        case .sequence(let list):
            copy.kind = .sequence(list.map { $0.relocated(to: location) })
        case .null, .scalar:
            break
        }
        return copy
    }
}
