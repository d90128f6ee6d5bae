import ArgumentParser
import ComposeSpec
import Foundation

/// The global flags of every project command, as Docker Compose spells them.
struct ProjectOptions: ParsableArguments {
    @Option(name: [.short, .customLong("file")], help: "Compose file (repeatable; `-` reads standard input).")
    var files: [String] = []

    @Option(name: [.short, .customLong("project-name")], help: "Project name.")
    var projectName: String?

    @Option(name: .customLong("project-directory"), help: "Folder relative paths are resolved against.")
    var projectDirectory: String?

    @Option(name: .customLong("env-file"), help: "Environment file (repeatable).")
    var envFiles: [String] = []

    @Option(name: .customLong("profile"), help: "Profile to enable (repeatable).")
    var profiles: [String] = []

    @Option(name: .customLong("progress"), help: "Progress output: auto, tty, plain, json or quiet.")
    var progress: ProgressMode = .auto

    /// The reporter `--progress` asks for.
    var reporter: ProgressReporter { ProgressReporter(progress) }

    /// Load options for these flags, the process environment and the current folder.
    func loadOptions(selectedServices: [String] = []) -> LoadOptions {
        let environment = ProcessInfo.processInfo.environment
        var options = LoadOptions(
            workingDirectory: FileManager.default.currentDirectoryPath, environment: environment)
        options.files = files
        options.projectName = projectName
        options.projectDirectory = projectDirectory
        options.envFiles = envFiles
        options.profiles = profiles
        options.selectedServices = selectedServices
        if files.contains("-") {
            options.standardInput = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        return options
    }
}

/// Prints loader diagnostics the way compilers do (`file:line:col: error: path: message`) on stderr.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [SpecDiagnostic]) {
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
    }

    /// Loads the project, printing warnings; on failure prints every error and exits non-zero.
    static func load(_ options: LoadOptions) throws -> LoadedProject {
        do {
            let loaded = try ProjectLoader(options: options).load()
            print(loaded.warnings)
            return loaded
        } catch {
            print(error.diagnostics)
            throw ExitCode.failure
        }
    }
}
