/// One problem found while loading a compose project, with the place it was found.
public struct SpecDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable { case error, warning }

    /// What kind of problem this is, so callers and tests can tell them apart without reading text.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let yamlSyntax = Code("yaml-syntax")
        public static let duplicateKey = Code("duplicate-key")
        public static let nonStringKey = Code("non-string-key")
        public static let wrongType = Code("wrong-type")
        public static let unknownKey = Code("unknown-key")
        public static let missingKey = Code("missing-key")
        public static let invalidValue = Code("invalid-value")
        public static let undefinedReference = Code("undefined-reference")
        public static let cycle = Code("cycle")
        public static let interpolation = Code("interpolation")
        public static let missingVariable = Code("missing-variable")
        public static let unsetVariable = Code("unset-variable")
        public static let missingFile = Code("missing-file")
        public static let conflict = Code("conflict")
        public static let projectName = Code("project-name")
        public static let deprecated = Code("deprecated")
    }

    public var severity: Severity
    public var code: Code
    /// One sentence, lower case, naming the offending key or resource.
    public var message: String
    public var location: SourceLocation
    /// The key path of the offending value, e.g. `services.web.ports[1]`; empty for the whole document.
    public var path: String

    public init(
        _ code: Code, _ message: String, at location: SourceLocation, path: String, severity: Severity = .error
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.path = path
    }

    /// `compose.yaml:12:7: error: services.web.ports[1]: expected HOST:CONTAINER`
    public var description: String {
        let prefix = path.isEmpty ? "" : "\(path): "
        return "\(location): \(severity.rawValue): \(prefix)\(message)"
    }
}

/// Thrown by the loader when at least one diagnostic is an error; carries every diagnostic found.
public struct SpecError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [SpecDiagnostic]

    public init(diagnostics: [SpecDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: SpecDiagnostic) {
        self.diagnostics = [diagnostic]
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
