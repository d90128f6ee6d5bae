/// The project name rules of Docker Compose: `-p` > COMPOSE_PROJECT_NAME > `name:` > folder name.
/// Explicit names must already be valid; a folder name is normalised.
package enum ProjectName {
    /// Where a name came from, for error messages.
    package enum Source: Sendable { case flag, environment, file(SourceLocation), folder }

    /// Lower-case letters, digits, `_` and `-`, starting with a letter or digit.
    package static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isLowerAlphanumeric(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "_" || $0 == "-" }
    }

    /// compose-go's NormalizeProjectName: lower-case, drop other characters, trim leading `_` and `-`.
    package static func normalize(_ name: String) -> String {
        let kept = name.lowercased().unicodeScalars.filter { isLowerAlphanumeric($0) || $0 == "_" || $0 == "-" }
        return String(String.UnicodeScalarView(kept).drop { $0 == "_" || $0 == "-" })
    }

    /// Picks the name by precedence and validates it.
    package static func resolve(
        flag: String?, environment: String?, fromFile: (name: String, location: SourceLocation)?,
        projectDirectory: String
    ) throws(SpecError) -> String {
        let explicit: [(String?, SourceLocation)] = [
            (flag, .synthetic("--project-name")),
            (environment, .synthetic("COMPOSE_PROJECT_NAME")),
            (fromFile?.name, fromFile?.location ?? .synthetic("name")),
        ]
        for case (let name?, let location) in explicit where !name.isEmpty {
            guard isValid(name) else {
                throw SpecError(
                    SpecDiagnostic(
                        .projectName,
                        "invalid project name \"\(name)\": must consist only of lowercase alphanumeric characters, "
                            + "hyphens and underscores as well as start with a letter or number",
                        at: location, path: location.line > 0 ? "name" : ""))
            }
            return name
        }
        let derived = normalize(PathResolver.baseName(projectDirectory))
        guard !derived.isEmpty, projectDirectory != "/" else {
            throw SpecError(
                SpecDiagnostic(
                    .projectName, "project name must not be empty: set one with -p, COMPOSE_PROJECT_NAME or name:",
                    at: .synthetic(projectDirectory), path: ""))
        }
        return derived
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
