extension Merge {
    /// Logging options merge only when both files name the same driver, or one names none; a different
    /// driver replaces the whole `logging` mapping.
    static func logging(_ base: YAMLNode, _ override: YAMLNode, _ path: ComposePath) -> YAMLNode {
        if let earlier = base["driver"]?.scalar, let later = override["driver"]?.scalar, earlier != later {
            return value(.null(at: override.location), override, at: path)
        }
        return generic(base, override, at: path)
    }

    /// Hosts merge by name; the addresses of a host are the earlier ones and then the later ones not
    /// already listed.
    static func extraHosts(_ base: YAMLNode, _ override: YAMLNode, _ path: ComposePath) -> YAMLNode {
        guard base.entries != nil || base.isNull, override.entries != nil else {
            return generic(base, override, at: path)
        }
        return mappings(base, override, at: path) { earlier, later in
            guard let earlierItems = earlier.items, let laterItems = removingTags(later).items else {
                return removingTags(later)
            }
            let known = Set(earlierItems.compactMap(\.scalar))
            let added = laterItems.filter { $0.scalar.map { !known.contains($0) } ?? true }
            return YAMLNode(.sequence(earlierItems + added), at: earlier.location)
        }
    }

    /// IPAM pools merge by subnet: a later pool with the subnet of an earlier one merges into it, any
    /// other is appended.
    static func ipamConfigs(_ base: YAMLNode, _ override: YAMLNode, _ path: ComposePath) -> YAMLNode {
        guard var pools = base.items, let laterPools = removingTags(override).items else {
            return generic(base, override, at: path)
        }
        for pool in laterPools {
            let subnet = pool["subnet"]?.scalar
            if let subnet, let index = pools.firstIndex(where: { $0["subnet"]?.scalar == subnet }) {
                pools[index] = generic(pools[index], pool, at: path.appending(index: index))
            } else {
                pools.append(pool)
            }
        }
        return YAMLNode(.sequence(pools), at: base.location)
    }
}
