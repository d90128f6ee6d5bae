extension YAMLNode {
    /// This mapping with every value replaced by `transform(entry)`, keys and order kept, in one pass
    /// (setting keys one by one searched the mapping each time: quadratic for hundreds of services).
    package func mappingValues(_ transform: (Entry) throws -> YAMLNode) rethrows -> YAMLNode {
        guard case .mapping(let entries) = kind else { return self }
        var copy = self
        copy.kind = .mapping(
            try entries.map { entry in
                var entry = entry
                entry.value = try transform(entry)
                return entry
            })
        return copy
    }

    /// The document with the values of the mapping at `key` (`services`, `volumes`...) transformed.
    package func updatingSection(_ key: String, _ transform: (Entry) throws -> YAMLNode) rethrows -> YAMLNode {
        guard let section = self[key], section.entries != nil else { return self }
        var copy = self
        copy[key] = try section.mappingValues(transform)
        return copy
    }
}
