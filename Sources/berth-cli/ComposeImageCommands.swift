import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation
import Planner

/// `berth pull [SERVICE...]`: pulls the services' images.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Pull service images.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: .customLong("ignore-pull-failures"), help: "Pull what it can; ignore failures.")
    var ignoreFailures = false
    @Flag(name: .customLong("include-deps"), help: "Also pull the services they depend on.") var includeDeps = false
    @Flag(name: .customLong("ignore-buildable"), help: "Skip images that can be built.") var ignoreBuildable = false
    @Option(name: .customLong("policy"), help: "missing or always (default: always).") var policy: String?
    @Flag(name: [.short, .customLong("quiet")], help: "Print no progress.") var quiet = false
    @Argument(help: "Services (default: all).") var services: [String] = []

    func validate() throws {
        if let policy, !["missing", "always"].contains(policy) {
            throw ValidationError("--policy \(policy): expected missing or always")
        }
    }

    func run() async throws {
        let loaded = try DiagnosticPrinter.load(project.loadOptions(selectedServices: services))
        let client = try engine.client()
        let reporter = project.reporter
        var failures: [String] = []
        var done: Set<String> = []
        for service in try ImageTransfer.services(loaded.project, named: services, includeDeps: includeDeps) {
            guard let image = service.image else { continue }
            if service.build != nil && ignoreBuildable { continue }
            guard done.insert(image).inserted else { continue }
            if policy == "missing", (try? await client.inspectImage(image)) != nil { continue }
            do {
                for try await _ in client.pullImage(image, platform: service.platform, registryAuth: nil) {}
                if !quiet { reporter.line("Image \(image)", "Pulled") }
            } catch {
                if !quiet { reporter.line("Image \(image)", "\(error)", failed: true) }
                failures.append("\(service.name): \(error)")
            }
        }
        try ImageTransfer.report(failures, ignoring: ignoreFailures)
    }
}

/// `berth push [SERVICE...]`: pushes the images of services that have both `build` and `image`.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Push service images.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: .customLong("ignore-push-failures"), help: "Push what it can; ignore failures.")
    var ignoreFailures = false
    @Flag(name: .customLong("include-deps"), help: "Also push the services they depend on.") var includeDeps = false
    @Flag(name: [.short, .customLong("quiet")], help: "Print no progress.") var quiet = false
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let loaded = try DiagnosticPrinter.load(project.loadOptions(selectedServices: services))
        let client = try engine.client()
        let reporter = project.reporter
        var failures: [String] = []
        for service in try ImageTransfer.services(loaded.project, named: services, includeDeps: includeDeps) {
            guard service.build != nil, let image = service.image else {
                if !quiet { reporter.line(service.name, "Skipped") }
                continue
            }
            for tag in [image] + (service.build?.tags ?? []) {
                do {
                    for try await _ in client.pushImage(tag, registryAuth: nil) {}
                    if !quiet { reporter.line(tag, "Pushed") }
                } catch {
                    if !quiet { reporter.line(tag, "\(error)", failed: true) }
                    failures.append("\(tag): \(error)")
                }
            }
        }
        try ImageTransfer.report(failures, ignoring: ignoreFailures)
    }
}

/// What `pull` and `push` share.
enum ImageTransfer {
    /// The named services (all when none), with their dependencies when `includeDeps`, in name order.
    static func services(_ project: Project, named: [String], includeDeps: Bool) throws -> [Service] {
        for name in named where project.services[name] == nil { throw ValidationError("no such service: \(name)") }
        var selected = Set(named.isEmpty ? project.serviceNames : named)
        var pending = Array(selected)
        while includeDeps, let name = pending.popLast() {
            for dependency in (project.services[name]?.dependsOn ?? [:]).keys
            where project.services[dependency] != nil && selected.insert(dependency).inserted {
                pending.append(dependency)
            }
        }
        return selected.sorted().compactMap { project.services[$0] }
    }

    /// Fails with every failure unless they are to be ignored (then they were printed as warnings).
    static func report(_ failures: [String], ignoring: Bool) throws {
        guard !failures.isEmpty else { return }
        if ignoring { return failures.forEach { ComposeRunner.warn($0) } }
        FileHandle.standardError.write(Data(failures.map { "berth: \($0)\n" }.joined().utf8))
        throw ExitCode.failure
    }
}
