import ArgumentParser
import Foundation
import Planner

/// `berth create [SERVICE...]`: `up` without starting anything.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create containers for a service, without starting them.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: .customLong("force-recreate"), help: "Recreate containers even if nothing changed.")
    var forceRecreate = false
    @Flag(name: .customLong("no-recreate"), help: "Never recreate existing containers.") var noRecreate = false
    @Flag(name: .customLong("remove-orphans"), help: "Remove containers of services not in the file.")
    var removeOrphans = false
    @Option(name: .customLong("pull"), help: "Pull images: always, missing, never or build.") var pull: String?
    @Option(name: .customLong("scale"), help: "SERVICE=NUM (repeatable).") var scale: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the plan, change nothing.") var dryRun = false
    @Argument(help: "Services (default: all).") var services: [String] = []

    func validate() throws {
        if forceRecreate && noRecreate { throw ValidationError("--force-recreate and --no-recreate are incompatible") }
        try UpOptions.validatePull(pull)
    }

    func run() async throws {
        let loaded = try DiagnosticPrinter.load(project.loadOptions(selectedServices: services))
        var options = UpOptions(
            services: services, recreate: forceRecreate ? .force : noRecreate ? .never : .diverged,
            removeOrphans: removeOrphans, noStart: true, pull: pull)
        options.scale = try ComposeRunner.parseScale(scale)
        try await ComposeRunner(loaded: loaded, engine: engine, progress: project.progress).converge(
            options, dryRun: dryRun)
    }
}

/// `berth scale SERVICE=N...`: brings the named services to that many replicas (removing the highest
/// numbers first, creating and starting new ones), leaving the others and one-off containers alone.
struct ScaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scale", abstract: "Scale services.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: .customLong("no-deps"), help: "Don't start the services they depend on.") var noDeps = false
    @Flag(name: .customLong("dry-run"), help: "Print the plan, change nothing.") var dryRun = false
    @Argument(help: "SERVICE=NUM pairs.") var pairs: [String]

    func validate() throws {
        guard !pairs.isEmpty else { throw ValidationError("scale needs at least one SERVICE=NUM") }
        _ = try ComposeRunner.parseScale(pairs)
    }

    func run() async throws {
        let scale = try ComposeRunner.parseScale(pairs)
        let services = scale.keys.sorted()
        let loaded = try DiagnosticPrinter.load(project.loadOptions(selectedServices: services))
        var options = UpOptions(services: services, noDependencies: noDeps)
        options.scale = scale
        try await ComposeRunner(loaded: loaded, engine: engine, progress: project.progress).converge(
            options, dryRun: dryRun)
    }
}

extension UpOptions {
    /// `--pull` of `up` and `create`: Docker Compose's values.
    static func validatePull(_ pull: String?) throws {
        if let pull, !["always", "missing", "never", "build"].contains(pull) {
            throw ValidationError("--pull \(pull): expected always, missing, never or build")
        }
    }
}
