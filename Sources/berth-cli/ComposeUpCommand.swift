import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation
import Planner

/// `berth up`: make the engine match the compose file.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Create and start containers.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("detach")], help: "Run containers in the background.") var detach = false
    @Flag(name: .customLong("force-recreate"), help: "Recreate containers even if nothing changed.")
    var forceRecreate = false
    @Flag(name: .customLong("no-recreate"), help: "Never recreate existing containers.") var noRecreate = false
    @Flag(name: .customLong("always-recreate-deps"), help: "Recreate dependent containers.")
    var alwaysRecreateDeps = false
    @Flag(name: .customLong("no-deps"), help: "Don't start linked services.") var noDeps = false
    @Flag(name: [.customShort("V"), .customLong("renew-anon-volumes")], help: "Recreate anonymous volumes.")
    var renewAnonVolumes = false
    @Flag(name: .customLong("remove-orphans"), help: "Remove containers of services not in the file.")
    var removeOrphans = false
    @Flag(name: .customLong("no-start"), help: "Don't start the services after creating them.") var noStart = false
    @Flag(name: .customLong("dry-run"), help: "Print the plan, change nothing.") var dryRun = false
    @Flag(name: .customLong("wait"), help: "Wait for services to be running or healthy (implies -d).") var wait = false
    @Option(name: .customLong("wait-timeout"), help: "Seconds --wait may take.") var waitTimeout: Int?
    @Flag(name: .customLong("abort-on-container-exit"), help: "Stop all containers if any container stops.")
    var abortOnContainerExit = false
    @Option(
        name: .customLong("exit-code-from"),
        help: "Return this service's exit code (implies --abort-on-container-exit).")
    var exitCodeFrom: String?
    @Flag(name: .customLong("no-color"), help: "Monochrome output.") var noColor = false
    @Flag(name: .customLong("no-log-prefix"), help: "Don't print the container name prefix.") var noLogPrefix = false
    @Flag(name: .customLong("timestamps"), help: "Show timestamps.") var timestamps = false
    @Option(name: .customLong("scale"), help: "SERVICE=NUM (repeatable).") var scale: [String] = []
    @Option(name: [.short, .customLong("timeout")], help: "Shutdown timeout in seconds.") var timeout: Int?
    @Option(name: .customLong("parallel"), help: "Maximum parallel actions.") var parallel = 4
    @Option(name: .customLong("pull"), help: "Pull images: always, missing, never or build.") var pull: String?
    @Argument(help: "Services (default: all).") var services: [String] = []

    func validate() throws {
        if forceRecreate && noRecreate { throw ValidationError("--force-recreate and --no-recreate are incompatible") }
        try UpOptions.validatePull(pull)
    }

    func run() async throws {
        let loaded = try DiagnosticPrinter.load(project.loadOptions(selectedServices: services))
        var options = UpOptions(
            services: services, recreate: forceRecreate ? .force : noRecreate ? .never : .diverged,
            recreateDependencies: alwaysRecreateDeps ? .force : .diverged, noDependencies: noDeps,
            renewAnonymousVolumes: renewAnonVolumes, removeOrphans: removeOrphans, noStart: noStart, pull: pull,
            timeout: timeout)
        options.scale = try ComposeRunner.parseScale(scale)
        let runner = try ComposeRunner(loaded: loaded, engine: engine, progress: project.progress)
        try await runner.converge(options, dryRun: dryRun, parallelism: parallel)
        guard !dryRun && !noStart else { return }
        if wait {
            do {
                try await ComposeWait.wait(
                    project: loaded.project.name, client: runner.client, services: services, timeout: waitTimeout)
            } catch let error as ComposeWait.WaitError {
                throw ValidationError(error.description)
            }
            return
        }
        guard !detach else { return }
        var follower = ProjectFollower(project: loaded.project.name, client: runner.client, services: services)
        follower.prefix = !noLogPrefix
        follower.timestamps = timestamps
        follower.color = follower.color && !noColor
        let attach = ComposeAttach(
            follower: follower, abortOnExit: abortOnContainerExit, exitCodeFrom: exitCodeFrom, stopTimeout: timeout)
        let code = try await attach.run()
        if code != 0 { throw ExitCode(code) }
    }
}

/// `berth down`: stop and remove the project's containers and networks (volumes with -v).
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop and remove containers, networks (and volumes with -v).")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: [.short, .customLong("volumes")], help: "Remove named and anonymous volumes.") var volumes = false
    @Flag(name: .customLong("remove-orphans"), help: "Remove containers of services not in the file.")
    var removeOrphans = false
    @Option(name: .customLong("rmi"), help: "Remove images: local or all.") var rmi: String?
    @Option(name: [.short, .customLong("timeout")], help: "Shutdown timeout in seconds.") var timeout: Int?
    @Flag(name: .customLong("dry-run"), help: "Print the plan, change nothing.") var dryRun = false

    func run() async throws {
        let loaded = try DiagnosticPrinter.load(project.loadOptions())
        let removal: DownOptions.ImageRemoval?
        switch rmi {
        case nil: removal = nil
        case "local": removal = DownOptions.ImageRemoval.local
        case "all": removal = DownOptions.ImageRemoval.all
        case let other?: throw ValidationError("--rmi \(other): expected local or all")
        }
        let options = DownOptions(
            removeVolumes: volumes, removeImages: removal, removeOrphans: removeOrphans, timeout: timeout)
        let runner = try ComposeRunner(loaded: loaded, engine: engine, progress: project.progress)
        try await runner.locked {
            let observed = try await Observer.observe(loaded.project, client: runner.client)
            let plan = Planner.down(loaded.project, observed: observed, options: options)
            if dryRun {
                plan.lines.forEach { print($0) }
                return
            }
            try await runner.execute(plan, parallelism: 4)
        }
    }
}
