import Foundation

extension ProjectLoader {
    /// Finds the files, reads the env files and decides the project directory.
    func locateFilesAndEnvironment(
        warnings: inout [SpecDiagnostic]
    ) throws(SpecError) -> (files: [String], environment: ProjectEnvironment, projectDirectory: String) {
        let workingDirectory = PathResolver.clean(options.workingDirectory)
        let explicitDirectory = options.projectDirectory.map {
            PathResolver.absolute($0, relativeTo: workingDirectory)
        }
        let firstExplicit = options.files.first { $0 != "-" }.map {
            PathResolver.directory(of: PathResolver.absolute($0, relativeTo: workingDirectory))
        }
        // The env files are read before discovery so that COMPOSE_FILE may come from `.env`.
        let envDirectory = explicitDirectory ?? firstExplicit ?? workingDirectory
        var environment = try ProjectEnvironment.load(
            shell: options.environment, explicitFiles: options.envFiles, directory: envDirectory)
        let located = try ComposeFileLocator.locate(
            explicit: options.files, environment: environment.values, workingDirectory: workingDirectory)
        warnings += located.warnings
        let firstFile = located.files.first { $0 != "-" }
        let projectDirectory = explicitDirectory ?? firstFile.map(PathResolver.directory(of:)) ?? workingDirectory
        if projectDirectory != envDirectory && options.envFiles.isEmpty {
            // Discovery climbed to a parent folder: that project's own `.env` applies.
            environment = try ProjectEnvironment.load(
                shell: options.environment, explicitFiles: [], directory: projectDirectory)
        }
        return (located.files, environment, projectDirectory)
    }

    /// One document of one file, on its own: interpolation, schema, canonical form, paths, include, extends.
    func process(
        _ document: YAMLNode, file: String, context: FileContext, warnings: inout [SpecDiagnostic]
    ) throws(SpecError) -> YAMLNode {
        var node = try prepare(document, context: context, warnings: &warnings)
        node = try applyIncludes(node, file: file, context: context, warnings: &warnings)
        return try ExtendsResolver(loader: self, context: context).apply(to: node, file: file, warnings: &warnings)
    }

    /// The steps every document takes before it meets others: interpolation, schema, canonical form, paths.
    func prepare(
        _ document: YAMLNode, context: FileContext, warnings: inout [SpecDiagnostic]
    ) throws(SpecError) -> YAMLNode {
        var diagnostics: [SpecDiagnostic] = []
        var node = document
        if context.interpolate {
            node = node.interpolated(
                with: Interpolator(environment: context.environment), path: "", diagnostics: &diagnostics)
        }
        if let version = node.entry("version") {
            warnings.append(
                SpecDiagnostic(
                    .deprecated, "the attribute `version` is obsolete, it will be ignored, please remove it",
                    at: version.keyLocation, path: "version", severity: .warning))
        }
        node = Self.withEmptyServiceBodies(node)
        diagnostics += ComposeSchema.standard.validate(node)
        try Self.stopOnErrors(&diagnostics, warnings: &warnings)
        node = Canonical.transform(node, diagnostics: &diagnostics)
        if context.resolvePaths {
            node = PathNormalizer(base: context.baseDirectory, home: context.home).resolve(node)
        }
        try Self.stopOnErrors(&diagnostics, warnings: &warnings)
        return node
    }

    /// Throws every diagnostic when one is an error; otherwise moves the warnings out and carries on.
    static func stopOnErrors(
        _ diagnostics: inout [SpecDiagnostic], warnings: inout [SpecDiagnostic]
    ) throws(SpecError) {
        if diagnostics.contains(where: { $0.severity == .error }) { throw SpecError(diagnostics: diagnostics) }
        warnings += diagnostics
        diagnostics = []
    }

    /// `services: {base: }` declares a service with nothing in it (an `extends` target); compose-go reads
    /// the null body as an empty mapping, so the schema sees one.
    static func withEmptyServiceBodies(_ document: YAMLNode) -> YAMLNode {
        guard let services = document["services"], let entries = services.entries,
            entries.contains(where: { $0.value.isNull })
        else { return document }
        var result = document
        var updated = services
        updated.kind = .mapping(
            entries.map { entry in
                var entry = entry
                if entry.value.isNull { entry.value = .mapping([], at: entry.value.location) }
                return entry
            })
        result["services"] = updated
        return result
    }

    /// Reads a whole file (every document, merged); `prepareOnly` stops before includes and extends.
    func processFile(
        _ file: String, context: FileContext, prepareOnly: Bool = false, warnings: inout [SpecDiagnostic]
    ) throws(SpecError) -> YAMLNode {
        var merged: YAMLNode?
        for document in try read(file) {
            let processed =
                prepareOnly
                ? try prepare(document, context: context, warnings: &warnings)
                : try process(document, file: file, context: context, warnings: &warnings)
            merged = Merge.merge(merged ?? .mapping([], at: processed.location), processed)
        }
        return merged ?? .mapping([], at: .synthetic(file))
    }
}
