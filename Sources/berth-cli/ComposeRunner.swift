import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation
import Planner

/// What every project command shares: the loaded project, the engine client, the project lock and
/// the progress reporter (`✔ Container webapp-web-1  Started` on a terminal).
struct ComposeRunner {
    let loaded: LoadedProject
    let client: SocketEngineClient
    let reporter: ProgressReporter

    init(loaded: LoadedProject, engine: EngineOptions, progress: ProgressMode) throws {
        self.loaded = loaded.withEnvironmentContent
        self.client = try engine.client()
        self.reporter = ProgressReporter(progress)
    }

    var metadata: ProjectMetadata {
        ProjectMetadata(workingDirectory: loaded.projectDirectory, configFiles: loaded.configFiles)
    }

    /// Runs `body` holding the project's lock, so two commands on one project do not interleave.
    func locked(_ body: () async throws -> Void) async throws {
        let lock: ProjectLock
        do {
            lock = try await ProjectLock.acquire(project: loaded.project.name, folder: Self.lockFolder)
        } catch {
            throw CommandError("\(error)")
        }
        defer { lock.release() }
        try await body()
    }

    /// `up`'s plan for `options`, printed with `dryRun`, else executed under the project's lock.
    func converge(_ options: UpOptions, dryRun: Bool = false, parallelism: Int = 4) async throws {
        try await locked {
            let observed = try await Observer.observe(loaded.project, client: client)
            let plan = try Planner.up(loaded.project, observed: observed, options: options, metadata: metadata)
            for warning in plan.warnings { Self.warn(warning) }
            if dryRun { return plan.lines.forEach { print($0) } }
            try await execute(plan, parallelism: parallelism)
        }
    }

    /// Project locks live beside the daemon's socket; an unprivileged fallback keeps `--dry-run` usable.
    static var lockFolder: String {
        access("/run/berth", W_OK) == 0 || geteuid() == 0
            ? "/run/berth/projects" : NSTemporaryDirectory() + "berth-projects"
    }

    /// Walks the plan, reporting each action as `--progress` asks; fails with the executor's message.
    /// Actions on `quietResource` are not reported (the one-off container of `run`).
    func execute(_ plan: Plan, parallelism: Int, quietResource: String? = nil) async throws {
        let reporter = self.reporter
        reporter.prepare(for: plan)
        let executor = Executor(
            client: client, project: loaded.project.name, options: ExecutorOptions(parallelism: max(1, parallelism))
        ) { event in
            guard event.action.resource != quietResource else { return }
            reporter.report(event)
        }
        defer { reporter.finish() }
        do {
            for warning in try await executor.run(plan) { Self.warn(warning) }
        } catch {
            reporter.finish()
            FileHandle.standardError.write(Data("berth: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("WARN[0000] \(text)\n".utf8))
    }

    /// `web=3` → ["web": 3].
    static func parseScale(_ items: [String]) throws -> [String: Int] {
        var scale: [String: Int] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let count = Int(parts[1]), count >= 0 else {
                throw ValidationError("scale \(item): expected SERVICE=NUM")
            }
            scale[parts[0]] = count
        }
        return scale
    }
}

extension ContainerRef {
    /// The container's name as the progress lines print it.
    var name: String {
        switch self {
        case .existing(_, let name), .created(_, let name): name
        }
    }
}

extension LoadedProject {
    /// The project with each `environment:` config or secret given the variable's value as content
    /// (shell over env files, as interpolation sees them), so the planner stays free of the environment.
    /// An unset variable leaves the object without content; the planner then names it.
    var withEnvironmentContent: LoadedProject {
        var copy = self
        for (name, object) in project.secrets {
            if let variable = object.environment, object.content == nil, let value = environment[variable] {
                copy.project.secrets[name]?.content = value
            }
        }
        for (name, object) in project.configs {
            if let variable = object.environment, object.content == nil, let value = environment[variable] {
                copy.project.configs[name]?.content = value
            }
        }
        return copy
    }
}
