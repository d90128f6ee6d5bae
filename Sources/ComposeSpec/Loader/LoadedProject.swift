/// The result of loading: the typed project, the tree it was decoded from, and what was learned on the way.
public struct LoadedProject: Sendable {
    /// The validated, normalised project.
    public var project: Project
    /// Warnings found while loading (obsolete `version`, ambiguous file names...).
    public var warnings: [SpecDiagnostic]
    /// The compose files that were read, in order (absolute paths; `-` for standard input).
    public var configFiles: [String]
    /// The folder relative paths were resolved against.
    public var projectDirectory: String
    /// The variables the project was interpolated with (shell over env files).
    public var environment: [String: String]
    /// Every `${VAR}` reference in the files when `LoadOptions.collectVariables` asked for them.
    package var variables: [VariableReference]
    /// The canonical tree the project was decoded from.
    package var document: YAMLNode
}
