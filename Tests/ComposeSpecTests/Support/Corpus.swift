import Foundation

/// Paths to the shared test corpus (../shared/corpus beside the repository) and to this target's fixtures.
enum Corpus {
    /// The repository's root folder, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // ComposeSpecTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `../shared/corpus`, or `BERTH_CORPUS` when set.
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["BERTH_CORPUS"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    static func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    /// This target's own fixtures under Tests/ComposeSpecTests/Fixtures.
    static func fixture(_ relative: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/ComposeSpecTests/Fixtures").appendingPathComponent(relative)
    }
}
