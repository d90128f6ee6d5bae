extension Merge {
    /// The exceptions to the generic rules, by path; the first matching pattern wins.
    static let rules: [Rule] =
        replaced.map { Rule($0, replace) } + keyedMappings.map { Rule($0, keyedMapping) } + uniqueSequences
        + [
            Rule("services.*.logging", logging),
            Rule("services.*.extra_hosts", extraHosts),
            Rule("services.*.build.extra_hosts", extraHosts),
            Rule("networks.*.ipam.config", ipamConfigs),
        ]

    /// Shell commands and whole limits: the later file's value wins as it is.
    private static let replaced = [
        "services.*.command", "services.*.entrypoint", "services.*.healthcheck.test", "services.*.ulimits.*",
        "services.*.build.ulimits.*",
    ]

    /// Key/value mappings whose entries a later file replaces whole, even with null.
    private static let keyedMappings = [
        "services.*.environment", "services.*.labels", "services.*.annotations", "services.*.sysctls",
        "services.*.build.args", "services.*.build.labels", "services.*.build.additional_contexts",
        "services.*.deploy.labels", "services.*.volumes.*.volume.labels", "networks.*.labels", "volumes.*.labels",
    ]

    /// Sequences that keep one entry per key: a later entry with the key of an earlier one takes its place.
    private static let uniqueSequences: [Rule] =
        [
            "services.*.expose", "services.*.cap_add", "services.*.cap_drop", "services.*.links",
            "services.*.profiles", "services.*.dns", "services.*.dns_opt", "services.*.dns_search",
            "services.*.tmpfs", "services.*.networks.*.aliases", "services.*.networks.*.link_local_ips",
            "services.*.build.tags", "services.*.build.platforms",
        ].map { Rule($0, unique(by: textKey)) }
        + [
            Rule("services.*.ports", unique(by: portKey)),
            Rule("services.*.volumes", unique(by: { $0["target"]?.scalar })),
            Rule("services.*.devices", unique(by: { ($0["target"] ?? $0["source"])?.scalar })),
            Rule("services.*.secrets", unique(by: { mountKey($0, directory: "/run/secrets") })),
            Rule("services.*.configs", unique(by: { mountKey($0, directory: "") })),
            Rule("services.*.env_file", unique(by: { $0["path"]?.scalar })),
        ]

    private static func replace(_ base: YAMLNode, _ override: YAMLNode, _ path: ComposePath) -> YAMLNode {
        removingTags(override)
    }

    private static func keyedMapping(_ base: YAMLNode, _ override: YAMLNode, _ path: ComposePath) -> YAMLNode {
        guard base.entries != nil || base.isNull, override.entries != nil else {
            return generic(base, override, at: path)
        }
        // A later `FOO:` (null) replaces FOO's value too: compose-go merges these as `KEY=VALUE` lists.
        return mappings(base, override, at: path) { _, later in removingTags(later) }
    }

    /// Appends the later items, then keeps one item per key at the place of its first occurrence, holding
    /// the last value (compose-go's `EnforceUnicity`). Items without a key are all kept.
    private static func unique(
        by key: @escaping @Sendable (YAMLNode) -> String?
    ) -> @Sendable (YAMLNode, YAMLNode, ComposePath) -> YAMLNode {
        { base, override, path in
            guard base.items != nil || base.isNull, override.items != nil else {
                return generic(base, override, at: path)
            }
            var result: [YAMLNode] = []
            var positions: [String: Int] = [:]
            for item in (base.items ?? []) + (removingTags(override).items ?? []) {
                guard let itemKey = key(item) else {
                    result.append(item)
                    continue
                }
                if let position = positions[itemKey] {
                    result[position] = item
                } else {
                    positions[itemKey] = result.count
                    result.append(item)
                }
            }
            return YAMLNode(.sequence(result), at: base.isNull ? override.location : base.location)
        }
    }

    /// A string item's key: the part before `=`, or all of it.
    private static func textKey(_ item: YAMLNode) -> String? {
        item.scalar.map { String($0.prefix { $0 != "=" }) }
    }

    /// `host_ip:published:target/protocol`, with the defaults filled in so `8080:80` equals its long form.
    private static func portKey(_ item: YAMLNode) -> String? {
        guard item.entries != nil, let target = item["target"]?.scalar else { return item.scalar }
        let hostIP = item["host_ip"]?.scalar.flatMap { $0.isEmpty ? nil : $0 } ?? "0.0.0.0"
        let published = item["published"]?.scalar ?? ""
        let proto = item["protocol"]?.scalar ?? "tcp"
        return "\(hostIP):\(published):\(target)/\(proto)"
    }

    /// A secret or config is keyed by its target, which defaults to a file named after its source.
    private static func mountKey(_ item: YAMLNode, directory: String) -> String? {
        if let target = item["target"]?.scalar { return target }
        return item["source"]?.scalar.map { "\(directory)/\($0)" }
    }
}
