import Foundation

/// Loads a compose project: files and environment in, a validated `Project` or a `SpecError` out.
///
/// Each file is read, interpolated, validated against the schema, canonicalised, its paths resolved and
/// its `include`s and `extends` applied on its own; then the files are merged in order, profiles applied,
/// the result normalised, checked for consistency and decoded into the typed model.
public struct ProjectLoader: Sendable {
    public var options: LoadOptions

    public init(options: LoadOptions) {
        self.options = options
    }

    public func load() throws(SpecError) -> LoadedProject {
        var warnings: [SpecDiagnostic] = []
        let (files, environment, projectDirectory) = try locateFilesAndEnvironment(warnings: &warnings)
        var context = FileContext(
            baseDirectory: projectDirectory, environment: environment.values, interpolate: options.interpolate,
            resolvePaths: options.resolvePaths)

        var parsed: [(file: String, documents: [YAMLNode])] = []
        for file in files {
            parsed.append((file, try read(file)))
        }
        let name = try projectName(parsed.flatMap(\.documents), context: context, directory: projectDirectory)
        if context.environment["COMPOSE_PROJECT_NAME"] == nil {
            context.environment["COMPOSE_PROJECT_NAME"] = name
        }

        var variables: [VariableReference] = []
        var merged: YAMLNode?
        for (file, documents) in parsed {
            for document in documents {
                if options.collectVariables { variables += document.variableReferences() }
                let processed = try process(document, file: file, context: context, warnings: &warnings)
                merged = Merge.merge(merged ?? .mapping([], at: processed.location), processed)
            }
        }
        var document = merged ?? .mapping([], at: .synthetic(files.first ?? "compose.yaml"))
        document["name"] = .scalar(name, at: document["name"]?.location ?? .synthetic("name"))
        document["include"] = nil
        document["version"] = nil

        document = try finish(document, projectName: name, context: context)
        let project = try NodeDecoder.decode(Project.self, from: document)
        return LoadedProject(
            project: project, warnings: Self.onePerVariable(warnings), configFiles: files,
            projectDirectory: projectDirectory,
            environment: context.environment, variables: variables, document: document)
    }

    /// Profiles, environment files, normalisation and consistency checks on the merged tree.
    private func finish(_ document: YAMLNode, projectName: String, context: FileContext) throws(SpecError) -> YAMLNode {
        var document = document
        var diagnostics: [SpecDiagnostic] = []
        let profiles = ProfileSelection(
            flags: options.profiles, environment: context.environment["COMPOSE_PROFILES"],
            selectedServices: options.selectedServices)
        let (enabled, disabled) = profiles.apply(to: document)
        document = ServiceDefaults.apply(to: enabled)
        if options.resolveServiceEnvironment {
            document = ServiceEnvironment(environment: context.environment).resolve(document, diagnostics: &diagnostics)
        }
        if options.normalize {
            document = Normalizer(projectName: projectName).normalize(document, diagnostics: &diagnostics)
        }
        if options.checkConsistency {
            diagnostics += ConsistencyChecker(document: document, disabledServices: disabled).check()
        }
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw SpecError(diagnostics: diagnostics)
        }
        return document
    }

    /// Reads one compose file (or standard input for `-`) into its documents; each must be a mapping.
    func read(_ file: String) throws(SpecError) -> [YAMLNode] {
        let text: String
        if file == "-" {
            text = options.standardInput ?? ""
        } else {
            guard let data = FileManager.default.contents(atPath: file),
                let decoded = String(data: data, encoding: .utf8)
            else {
                throw SpecError(
                    SpecDiagnostic(.missingFile, "cannot read compose file \(file)", at: .synthetic(file), path: ""))
            }
            text = decoded
        }
        let shownName = file == "-" ? "<stdin>" : file
        let documents = try YAMLReader(file: shownName).documents(of: text)
        guard !documents.isEmpty else {
            throw SpecError(
                SpecDiagnostic(.invalidValue, "empty compose file", at: .synthetic(shownName), path: ""))
        }
        for document in documents where document.entries == nil {
            throw SpecError(
                SpecDiagnostic(
                    .wrongType, "top-level object must be a mapping, got \(document.kindName)",
                    at: document.location, path: ""))
        }
        return documents
    }

    /// The name from `-p`, COMPOSE_PROJECT_NAME, the last file's interpolated `name:`, or the folder.
    private func projectName(
        _ documents: [YAMLNode], context: FileContext, directory: String
    ) throws(SpecError) -> String {
        var fromFile: (name: String, location: SourceLocation)?
        for document in documents {
            guard let node = document["name"] else { continue }
            guard let text = node.scalar else {
                throw SpecError(SpecDiagnostic(.wrongType, "name must be a string", at: node.location, path: "name"))
            }
            var diagnostics: [SpecDiagnostic] = []
            let value =
                context.interpolate
                ? node.interpolated(
                    with: Interpolator(environment: context.environment), path: "name",
                    diagnostics: &diagnostics
                ).scalar ?? text
                : text
            if diagnostics.contains(where: { $0.severity == .error }) { throw SpecError(diagnostics: diagnostics) }
            fromFile = (value, node.location)
        }
        return try ProjectName.resolve(
            flag: options.projectName, environment: context.environment["COMPOSE_PROJECT_NAME"],
            fromFile: fromFile, projectDirectory: directory)
    }

    /// Compose warns once about each unset variable, not at every use.
    static func onePerVariable(_ warnings: [SpecDiagnostic]) -> [SpecDiagnostic] {
        var seen = Set<String>()
        return warnings.filter { $0.code != .unsetVariable || seen.insert($0.message).inserted }
    }
}
