import ComposeSpec
import Foundation

/// A throw-away project folder: files are written on demand and everything is removed by `remove()`.
struct TempProject {
    let root: URL

    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("berth-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            try write(path, text)
        }
    }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func path(_ relative: String = "") -> String {
        relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs `body` with a project made of `files`, removing it afterwards, also when `body` throws.
    @discardableResult
    static func with<T>(_ files: [String: String], _ body: (TempProject) throws -> T) throws -> T {
        let project = try TempProject(files)
        defer { project.remove() }
        return try body(project)
    }

    /// Loader options rooted in this folder (or a sub-folder), with a controlled environment.
    func options(
        in folder: String = "", files: [String] = [], environment: [String: String] = [:]
    ) -> LoadOptions {
        var options = LoadOptions(workingDirectory: path(folder), environment: environment)
        options.files = files
        return options
    }
}

extension SpecError {
    /// Every message, for `contains` checks.
    var text: String { description }
}
