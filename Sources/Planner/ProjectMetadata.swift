/// What the compose labels record about where a project came from, besides the project itself.
package struct ProjectMetadata: Sendable, Equatable {
    /// The project folder (`com.docker.compose.project.working_dir`).
    package var workingDirectory: String
    /// The compose files, in order (`com.docker.compose.project.config_files`, joined with commas).
    package var configFiles: [String]
    /// The env files given with `--env-file` (`com.docker.compose.project.environment_file`).
    package var environmentFiles: [String]
    /// The compose version written in `com.docker.compose.version`.
    package var version: String

    /// Creates metadata.
    package init(
        workingDirectory: String = "", configFiles: [String] = [], environmentFiles: [String] = [],
        version: String = ProjectMetadata.composeVersion
    ) {
        self.workingDirectory = workingDirectory
        self.configFiles = configFiles
        self.environmentFiles = environmentFiles
        self.version = version
    }

    /// The Docker Compose version berth claims in labels, so that Docker Compose accepts its projects.
    package static let composeVersion = "2.40.0"
}
