/// What the caller of the loader decides: which files, which environment, which project, which profiles.
/// Mirrors Docker Compose's global flags (`-f`, `-p`, `--project-directory`, `--env-file`, `--profile`).
public struct LoadOptions: Sendable {
    /// Compose files in order (`-f`, repeatable); `-` reads standard input. Empty: COMPOSE_FILE, then discovery.
    public var files: [String] = []
    /// `-p`; empty means "not given".
    public var projectName: String?
    /// `--project-directory`: the folder that relative paths are resolved against.
    public var projectDirectory: String?
    /// `--env-file`, repeatable; when empty, `.env` in the project directory is read if it exists.
    public var envFiles: [String] = []
    /// `--profile`, repeatable; COMPOSE_PROFILES adds to them.
    public var profiles: [String] = []
    /// Services named on the command line: they are enabled whatever their profiles.
    public var selectedServices: [String] = []
    /// The process environment (the shell's), which wins over every env file.
    public var environment: [String: String] = [:]
    /// The folder the command runs in; discovery starts here.
    public var workingDirectory: String
    /// Contents of standard input for `-f -`.
    public var standardInput: String?
    /// List every `${VAR}` the files use in `LoadedProject.variables` (for `config --variables`).
    public var collectVariables = false
    /// Substitute variables (`--no-interpolate` turns this off).
    public var interpolate = true
    /// Add implicit defaults (default network, resource names, implicit dependencies, build defaults).
    public var normalize = true
    /// Check references, cycles and conflicts between elements.
    public var checkConsistency = true
    /// Resolve relative paths against the project directory.
    public var resolvePaths = true
    /// Read `env_file`s into `environment` and `label_file`s into `labels`.
    public var resolveServiceEnvironment = true

    public init(workingDirectory: String, environment: [String: String] = [:]) {
        self.workingDirectory = workingDirectory
        self.environment = environment
    }
}
