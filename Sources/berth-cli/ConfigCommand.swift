import ArgumentParser
import ComposeSpec
import Foundation
import Planner

/// `berth config`: like `docker compose config`, prints the normalised project or parts of it.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Parse, resolve and render the compose file in canonical format.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case yaml, json }

    @OptionGroup var project: ProjectOptions

    @Option(help: "Output format: yaml or json.") var format: Format = .yaml
    @Flag(name: .shortAndLong, help: "Only validate the configuration, print nothing.") var quiet = false
    @Flag(help: "Print the service names, one per line.") var services = false
    @Flag(help: "Print the volume names, one per line.") var volumes = false
    @Flag(help: "Print the network names, one per line.") var networks = false
    @Flag(help: "Print the profile names, one per line.") var profiles = false
    @Flag(help: "Print the image names, one per line.") var images = false
    @Flag(help: "Print the variables the model uses and their defaults.") var variables = false
    @Flag(help: "Print the environment used for interpolation.") var environment = false
    @Flag(name: .customLong("no-interpolate"), help: "Don't interpolate environment variables.") var noInterpolate =
        false
    @Flag(name: .customLong("no-normalize"), help: "Don't normalize the compose model.") var noNormalize = false
    @Flag(name: .customLong("no-path-resolution"), help: "Don't resolve file paths.") var noPathResolution = false
    @Flag(name: .customLong("no-consistency"), help: "Don't check model consistency.") var noConsistency = false
    @Option(help: "Print the config hash of these services (comma-separated, or '*').") var hash: String?
    @Option(name: .shortAndLong, help: "Write the output to this file instead of standard output.") var output: String?
    @Argument(help: "Services to show (enables their profiles).") var serviceNames: [String] = []

    func run() async throws {
        var options = project.loadOptions(selectedServices: serviceNames)
        options.interpolate = !noInterpolate
        options.normalize = !noNormalize
        options.resolvePaths = !noPathResolution
        options.checkConsistency = !noConsistency
        options.collectVariables = variables
        if profiles {
            // Listing profiles must see every service, whatever profiles are active.
            options.profiles = ["*"]
        }
        var loaded = try DiagnosticPrinter.load(options)
        if quiet { return }
        if !serviceNames.isEmpty {
            // Like `docker compose config web`: the named services and what they depend on.
            loaded.project = loaded.project.selecting(serviceNames)
        }
        try emit(try render(loaded))
    }

    private func render(_ loaded: LoadedProject) throws -> String {
        let project = loaded.project
        if services { return lines(project.serviceNames) }
        if volumes { return lines(project.volumes.keys.sorted()) }
        if networks { return lines(project.networks.keys.sorted()) }
        if profiles { return lines(Set(project.services.values.flatMap { $0.profiles ?? [] }).sorted()) }
        if images {
            return lines(project.serviceNames.map { project.services[$0]?.image ?? "\(project.name)-\($0)" })
        }
        if environment { return lines(loaded.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }) }
        if variables { return VariablesTable.render(loaded.variables) }
        if let hash { return try hashes(loaded.withEnvironmentContent.project, selection: hash) }
        return format == .json ? try project.canonicalJSON() : try project.canonicalYAML()
    }

    private func hashes(_ project: Project, selection: String) throws -> String {
        let names = selection == "*" ? project.serviceNames : selection.split(separator: ",").map(String.init)
        var rows: [String] = []
        for name in names {
            guard let service = project.services[name] else {
                throw ValidationError("no such service: \(name)")
            }
            rows.append("\(name) \(try ConfigHash.hash(of: service, in: project))")
        }
        return lines(rows)
    }

    private func lines(_ items: [String]) -> String {
        items.map { $0 + "\n" }.joined()
    }

    private func emit(_ text: String) throws {
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

extension Project {
    /// The project with only `names` and the services they depend on, transitively.
    func selecting(_ names: [String]) -> Project {
        var kept = Set<String>()
        var pending = names
        while let name = pending.popLast() {
            guard kept.insert(name).inserted, let service = services[name] else { continue }
            pending += service.dependsOn.map { Array($0.keys) } ?? []
        }
        var result = self
        result.services = services.filter { kept.contains($0.key) }
        return result
    }
}

/// The table `config --variables` prints: each variable, whether it is required, and its defaults.
enum VariablesTable {
    static func render(_ references: [VariableReference]) -> String {
        var seen = Set<String>()
        let unique = references.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }
        let header = ["NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE"]
        let rows =
            [header]
            + unique.map {
                [$0.name, $0.isRequired ? "true" : "false", $0.defaultValue ?? "", $0.alternateValue ?? ""]
            }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined() + "\n"
        }.joined()
    }
}
