extension ProjectLoader {
    /// The resource sections an included project contributes.
    static let includedSections = ["services", "networks", "volumes", "configs", "secrets", "models"]

    /// Loads each `include` entry as a project of its own (own folder and env file) and adds its resources.
    func applyIncludes(
        _ document: YAMLNode, file: String, context: FileContext, warnings: inout [SpecDiagnostic]
    ) throws(SpecError) -> YAMLNode {
        guard let entries = document["include"]?.items, !entries.isEmpty else { return document }
        var result = document
        result["include"] = nil
        for entry in entries {
            let included = try loadInclude(entry, parentFile: file, context: context, warnings: &warnings)
            result = try add(included, to: result, from: entry)
        }
        return result
    }

    private func loadInclude(
        _ entry: YAMLNode, parentFile: String, context: FileContext, warnings: inout [SpecDiagnostic]
    ) throws(SpecError) -> YAMLNode {
        let paths = Self.strings(entry["path"])
        guard let first = paths.first else {
            throw SpecError(
                SpecDiagnostic(.missingKey, "include entry has no path", at: entry.location, path: "include"))
        }
        let chain = context.includeChain.isEmpty ? [parentFile] : context.includeChain
        if let loop = paths.first(where: chain.contains) {
            let cycle = (chain + [loop]).joined(separator: " -> ")
            throw SpecError(
                SpecDiagnostic(.cycle, "include cycle detected: \(cycle)", at: entry.location, path: "include"))
        }
        let directory = entry["project_directory"]?.scalar ?? PathResolver.directory(of: first)
        var environment = context.environment
        let envFiles = Self.strings(entry["env_file"])
        let implicit = PathResolver.join(directory, ".env")
        let files = envFiles.isEmpty ? (FileManagerProbe.isFile(implicit) ? [implicit] : []) : envFiles
        for envFile in files {
            // compose-go lets the included project's env file override the parent's variables.
            for (key, value) in try ProjectEnvironment.readEnvFile(envFile, lookup: environment) {
                environment[key] = value
            }
        }
        var child = context
        child.baseDirectory = directory
        child.environment = environment
        child.includeChain = chain
        var merged: YAMLNode?
        for path in paths {
            child.includeChain = chain + [path]
            let loaded = try processFile(path, context: child, warnings: &warnings)
            merged = Merge.merge(merged ?? .mapping([], at: loaded.location), loaded)
        }
        return merged ?? .mapping([], at: entry.location)
    }

    /// Adds the included resources; a name defined differently on both sides is an error.
    private func add(_ included: YAMLNode, to document: YAMLNode, from entry: YAMLNode) throws(SpecError) -> YAMLNode {
        var result = document
        var diagnostics: [SpecDiagnostic] = []
        for section in Self.includedSections {
            guard let incoming = included[section]?.entries, !incoming.isEmpty else { continue }
            var existing = result[section] ?? .mapping([], at: entry.location)
            for item in incoming {
                if let present = existing.entry(item.key) {
                    if !present.value.isEquivalent(to: item.value) {
                        diagnostics.append(
                            SpecDiagnostic(
                                .conflict,
                                "imported compose file \(item.keyLocation.file) defines conflicting \(section) "
                                    + "\"\(item.key)\" (also defined at \(present.keyLocation))",
                                at: item.keyLocation, path: "\(section).\(item.key)"))
                    }
                    continue
                }
                existing[item.key] = item.value
            }
            result[section] = existing
        }
        if !diagnostics.isEmpty { throw SpecError(diagnostics: diagnostics) }
        return result
    }

    /// A scalar or a list of scalars, as text.
    static func strings(_ node: YAMLNode?) -> [String] {
        guard let node else { return [] }
        if let text = node.scalar { return [text] }
        return node.items?.compactMap { $0.scalar ?? $0["path"]?.scalar } ?? []
    }
}
