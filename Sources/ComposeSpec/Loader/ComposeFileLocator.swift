import Foundation

/// Finds the compose files of a project as Docker Compose does: `-f` flags, else COMPOSE_FILE, else the
/// first folder from the working directory upwards that has a compose file, plus its override file.
package enum ComposeFileLocator {
    /// Candidate names in order of preference, each with its override file.
    static let candidates: [(file: String, override: [String])] = [
        ("compose.yaml", ["compose.override.yaml", "compose.override.yml"]),
        ("compose.yml", ["compose.override.yml", "compose.override.yaml"]),
        ("docker-compose.yml", ["docker-compose.override.yml", "docker-compose.override.yaml"]),
        ("docker-compose.yaml", ["docker-compose.override.yaml", "docker-compose.override.yml"]),
    ]

    /// The files to load, as absolute paths (`-` stays `-`), and warnings about ambiguous choices.
    package static func locate(
        explicit: [String], environment: [String: String], workingDirectory: String
    ) throws(SpecError) -> (files: [String], warnings: [SpecDiagnostic]) {
        if !explicit.isEmpty {
            return (try explicit.map { file throws(SpecError) in try existing(file, workingDirectory) }, [])
        }
        if let list = environment["COMPOSE_FILE"], !list.isEmpty {
            let separator = environment["COMPOSE_PATH_SEPARATOR"].flatMap(\.first) ?? ":"
            let files = list.split(separator: separator).map(String.init)
            return (try files.map { file throws(SpecError) in try existing(file, workingDirectory) }, [])
        }
        return try discover(from: workingDirectory)
    }

    private static func existing(_ file: String, _ workingDirectory: String) throws(SpecError) -> String {
        if file == "-" { return file }
        let path = PathResolver.absolute(file, relativeTo: workingDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SpecError(
                SpecDiagnostic(.missingFile, "compose file \(path) not found", at: .synthetic(file), path: ""))
        }
        if isDirectory.boolValue {
            // A folder given to -f means the compose file inside it.
            if let found = try? discover(in: path) { return found.files[0] }
            throw SpecError(
                SpecDiagnostic(.missingFile, "no compose file found in folder \(path)", at: .synthetic(file), path: ""))
        }
        return path
    }

    private static func discover(from start: String) throws(SpecError) -> (files: [String], warnings: [SpecDiagnostic])
    {
        var directory = PathResolver.clean(start)
        while true {
            if let found = try? discover(in: directory) { return found }
            if directory == "/" { break }
            directory = PathResolver.directory(of: directory)
        }
        throw SpecError(
            SpecDiagnostic(
                .missingFile,
                "no configuration file provided: not found (looked for compose.yaml, compose.yml, "
                    + "docker-compose.yml or docker-compose.yaml in \(start) and its parent folders)",
                at: .synthetic(start), path: ""))
    }

    private struct NotFound: Error {}

    private static func discover(in directory: String) throws -> (files: [String], warnings: [SpecDiagnostic]) {
        let manager = FileManager.default
        let present = candidates.filter { manager.fileExists(atPath: PathResolver.join(directory, $0.file)) }
        guard let chosen = present.first else { throw NotFound() }
        var warnings: [SpecDiagnostic] = []
        let main = PathResolver.join(directory, chosen.file)
        if present.count > 1 {
            warnings.append(
                SpecDiagnostic(
                    .conflict,
                    "found multiple config files with supported names: "
                        + present.map(\.file).joined(separator: ", ") + "; using \(chosen.file)",
                    at: .synthetic(main), path: "", severity: .warning))
        }
        var files = [main]
        if let override = chosen.override.first(where: { manager.fileExists(atPath: PathResolver.join(directory, $0)) })
        {
            files.append(PathResolver.join(directory, override))
        }
        return (files, warnings)
    }
}
