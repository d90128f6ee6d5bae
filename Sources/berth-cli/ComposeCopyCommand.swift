import APIClient
import ArgumentParser
import EngineAPI
import Foundation
import Planner

/// `berth cp SERVICE:SRC DEST` and `berth cp SRC SERVICE:DEST`: copies files between a service's
/// containers and the local filesystem through the engine's archive endpoints, as `docker compose cp`.
/// Copying into a service reaches every one of its containers (or replica `--index`); copying out of
/// one reads replica `--index`, else the lowest-numbered one. `-` stands for a tar on standard
/// input or output.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cp", abstract: "Copy files between a service container and the local filesystem.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: .customLong("index"), help: "Index of the container if the service has several replicas.")
    var index = 0
    @Flag(name: .customLong("all"), help: "Include the one-off containers of `run`.") var all = false
    @Flag(name: [.short, .customLong("archive")], help: "Keep the files' uid and gid.") var archive = false
    @Flag(name: [.customShort("L"), .customLong("follow-link")], help: "Follow a symlink given as the source.")
    var followLink = false
    @Argument(help: "SERVICE:SRC_PATH or a local path (- for a tar on standard input).") var source: String
    @Argument(help: "A local path (- for a tar on standard output) or SERVICE:DEST_PATH.") var destination: String

    func validate() throws {
        switch (Self.split(source), Self.split(destination)) {
        case (.service, .service): throw ValidationError("cp: copying between services is not supported")
        case (.local, .local): throw ValidationError("cp: one of the paths must be SERVICE:PATH")
        default: break
        }
    }

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        switch (Self.split(source), Self.split(destination)) {
        case (.service(let service, let path), .local(let local)):
            let container = try await pick(service, containers, every: false)[0]
            try await LocalCopy.fromContainer(
                container.id, path: path, to: local, client: containers.client, keepOwners: archive)
            project.reporter.line("Container \(container.displayName)", "Copied")
        case (.local(let local), .service(let service, let path)):
            let origin = try LocalCopy.Origin(local, followLink: followLink)
            for container in try await pick(service, containers, every: true) {
                try await LocalCopy.intoContainer(
                    container.id, from: origin, to: path, client: containers.client, keepOwners: archive)
                project.reporter.line("Container \(container.displayName)", "Copied")
            }
        default:
            throw ValidationError("cp: one of the paths must be SERVICE:PATH")
        }
    }

    /// The containers of `service` to copy with: replica `--index`, else every one (`every`) or the first.
    private func pick(_ service: String, _ containers: ProjectContainers, every: Bool) async throws
        -> [ContainerSummary]
    {
        let candidates = try await containers.list(services: [service], all: true, oneOff: all).sorted {
            ($0.isOneOff ? 1 : 0, $0.replicaNumber) < ($1.isOneOff ? 1 : 0, $1.replicaNumber)
        }
        if index > 0 {
            guard let match = candidates.first(where: { !$0.isOneOff && $0.replicaNumber == index }) else {
                throw CommandError("service \"\(service)\" has no container #\(index)")
            }
            return [match]
        }
        guard let first = candidates.first else { throw CommandError("service \"\(service)\" has no container") }
        return every ? candidates : [first]
    }

    /// One side of a copy.
    enum Side: Equatable {
        case service(String, path: String)
        case local(String)
    }

    /// `SERVICE:PATH` when a colon comes before any slash (Docker's rule, so `./a:b` stays local).
    static func split(_ argument: String) -> Side {
        guard let colon = argument.firstIndex(of: ":"), !argument.hasPrefix("/"), !argument.hasPrefix("."),
            !argument[..<colon].contains("/"), colon != argument.startIndex
        else { return .local(argument) }
        return .service(String(argument[..<colon]), path: String(argument[argument.index(after: colon)...]))
    }
}
