import Foundation

/// The variables a project is interpolated with: the shell's environment over the env files
/// (`--env-file`, else `.env` in the project directory), the shell always winning.
package struct ProjectEnvironment: Sendable {
    package private(set) var values: [String: String]
    /// The env files that were read, in order.
    package private(set) var files: [String]

    package init(values: [String: String], files: [String] = []) {
        self.values = values
        self.files = files
    }

    /// Reads the env files for a project. `explicitFiles` must exist; the implicit `.env` may be missing.
    package static func load(
        shell: [String: String], explicitFiles: [String], directory: String
    ) throws(SpecError) -> ProjectEnvironment {
        if isTrue(shell["COMPOSE_DISABLE_ENV_FILE"]) {
            return ProjectEnvironment(values: shell)
        }
        var paths: [String] = []
        if explicitFiles.isEmpty {
            let implicit = PathResolver.join(directory, ".env")
            if FileManager.default.fileExists(atPath: implicit) { paths.append(implicit) }
        } else {
            paths = explicitFiles.map { PathResolver.absolute($0, relativeTo: directory) }
        }
        var values = shell
        for path in paths {
            for (key, value) in try readEnvFile(path, lookup: values) where shell[key] == nil {
                values[key] = value
            }
        }
        return ProjectEnvironment(values: values, files: paths)
    }

    /// Parses one env file; variables inside it see the shell and the earlier files (shell first).
    package static func readEnvFile(_ path: String, lookup: [String: String]) throws(SpecError) -> [(
        key: String, value: String
    )] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpecError(
                SpecDiagnostic(.missingFile, "env file \(path) not found", at: .synthetic(path), path: ""))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError(
                SpecDiagnostic(.invalidValue, "env file \(path) is not UTF-8 text", at: .synthetic(path), path: ""))
        }
        return try DotEnv.parse(text, file: path, lookup: { lookup[$0] })
    }

    package subscript(name: String) -> String? {
        get { values[name] }
        set { values[name] = newValue }
    }

    static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "t", "true", "y", "yes", "on"].contains(value.lowercased())
    }
}
