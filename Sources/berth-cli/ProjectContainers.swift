import APIClient
import ArgumentParser
import ComposeSpec
import EngineAPI
import Foundation
import Planner

/// The project's containers, optionally only those of `services`, in name order.
struct ProjectContainers {
    let loaded: LoadedProject
    let client: SocketEngineClient

    init(project: ProjectOptions, engine: EngineOptions) throws {
        loaded = try DiagnosticPrinter.load(project.loadOptions())
        client = try engine.client()
    }

    var name: String { loaded.project.name }

    /// The service containers (one-off ones left out), stopped ones too unless `all` is false.
    func list(services: [String], all: Bool = true) async throws -> [ContainerSummary] {
        try await list(services: services, all: all, oneOff: false)
    }

    /// The project's containers of `services` (all when empty), one-off ones with `oneOff`.
    func list(services: [String], all: Bool, oneOff: Bool) async throws -> [ContainerSummary] {
        for service in services where loaded.project.services[service] == nil {
            throw ValidationError("no such service: \(service)")
        }
        let filters = Filters.label("\(Labels.project)=\(loaded.project.name)")
        return try await client.listContainers(ContainerListOptions(all: all, filters: filters)).filter {
            (oneOff || $0.labels?[Labels.oneoff] != "True")
                && (services.isEmpty || services.contains($0.labels?[Labels.service] ?? ""))
        }.sorted { $0.displayName < $1.displayName }
    }

    /// The running container of `service` that `exec` and `port` act on, as Docker Compose picks it:
    /// replica `index` when given (> 0), else the lowest-numbered service container, else a one-off one.
    func running(service: String, index: Int) async throws -> ContainerSummary {
        let candidates = try await list(services: [service], all: false, oneOff: true)
        if index > 0 {
            guard let match = candidates.first(where: { $0.labels?[Labels.containerNumber] == String(index) }) else {
                throw ValidationError("service \"\(service)\" is not running container #\(index)")
            }
            return match
        }
        let ordered = candidates.sorted { left, right in
            let (leftOneOff, rightOneOff) = (left.isOneOff, right.isOneOff)
            if leftOneOff != rightOneOff { return !leftOneOff }
            return left.replicaNumber < right.replicaNumber
        }
        guard let first = ordered.first else { throw ValidationError("service \"\(service)\" is not running") }
        return first
    }
}

extension ContainerSummary {
    /// The name without Docker's leading `/`.
    var displayName: String {
        let name = names?.first ?? id
        return name.hasPrefix("/") ? String(name.dropFirst()) : name
    }

    /// Whether it is a one-off container of `run`.
    var isOneOff: Bool { labels?[Labels.oneoff] == "True" }

    /// Its replica number; 0 when it has none.
    var replicaNumber: Int { labels?[Labels.containerNumber].flatMap { Int($0) } ?? 0 }
}
