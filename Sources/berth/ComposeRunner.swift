import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation
import Planner

/// What every project command shares: the loaded project, the engine client, the project lock and
/// progress lines as Docker Compose prints them (`✔ Container webapp-web-1  Started`).
struct ComposeRunner {
    let loaded: LoadedProject
    let client: SocketEngineClient

    init(loaded: LoadedProject, engine: EngineOptions) throws {
        self.loaded = loaded
        self.client = try engine.client()
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
            throw CleanExit.message("berth: \(error)")
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

    /// Walks the plan, printing one line per finished action; fails with the executor's message.
    /// Actions on `quietResource` print no line (the one-off container of `run`).
    func execute(_ plan: Plan, parallelism: Int, quietResource: String? = nil) async throws {
        let executor = Executor(
            client: client, project: loaded.project.name, options: ExecutorOptions(parallelism: max(1, parallelism))
        ) { event in
            guard event.action.resource != quietResource, let line = Self.progressLine(event) else { return }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        do {
            for warning in try await executor.run(plan) { Self.warn(warning) }
        } catch {
            FileHandle.standardError.write(Data("berth: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Docker Compose's progress line on stderr: ` ✔ Container webapp-web-1  Started`.
    static func progress(_ subject: String, _ verb: String, failed: Bool = false) {
        FileHandle.standardError.write(Data(" \(failed ? "✘" : "✔") \(subject)  \(verb)\n".utf8))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("WARN[0000] \(text)\n".utf8))
    }

    private static func progressLine(_ event: ActionEvent) -> String? {
        let (noun, name, verb): (String, String, String)
        switch event.action.kind {
        case .createNetwork(let request): (noun, name, verb) = ("Network", request.name, "Created")
        case .removeNetwork(let network): (noun, name, verb) = ("Network", network, "Removed")
        case .createVolume(let request): (noun, name, verb) = ("Volume", request.name ?? "", "Created")
        case .removeVolume(let volume): (noun, name, verb) = ("Volume", volume, "Removed")
        case .createContainer(_, _, let container, _): (noun, name, verb) = ("Container", container, "Created")
        case .startContainer(let ref): (noun, name, verb) = ("Container", ref.name, "Started")
        case .stopContainer(let ref, _): (noun, name, verb) = ("Container", ref.name, "Stopped")
        case .removeContainer(let ref, _): (noun, name, verb) = ("Container", ref.name, "Removed")
        case .waitCondition(let service, let condition, _):
            (noun, name, verb) = ("Service", service, condition.rawValue)
        case .pullImage(let reference, _): (noun, name, verb) = ("Image", reference, "Pulled")
        default: return nil
        }
        switch event.state {
        case .done: return " ✔ \(noun) \(name)  \(verb)"
        case .failed: return " ✘ \(noun) \(name)  \(event.message ?? "failed")"
        default: return nil
        }
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
