import ComposeSpec
import EngineAPI
import Foundation
import Testing

@testable import Planner

/// Loads projects from YAML text and builds engine states that match them.
enum Fixtures {
    /// Loads `yaml` as the compose.yaml of a temporary project folder named `demo`.
    static func project(_ yaml: String, name: String = "demo") throws -> Project {
        try loaded(yaml, name: name).project
    }

    /// Loads `yaml` and returns the loader's whole result.
    static func loaded(_ yaml: String, name: String = "demo") throws -> LoadedProject {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-plan-\(UUID().uuidString)")
            .appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("compose.yaml"))
        let options = LoadOptions(workingDirectory: folder.path, environment: [:])
        return try ProjectLoader(options: options).load()
    }

    /// A container as the engine lists it after `up` created replica `number` of `service` from
    /// `imageID`, in `state`.
    static func container(
        _ project: Project, _ service: String, _ number: Int, state: String = "running",
        imageID: String? = "sha256:img",
        id: String? = nil, name: String? = nil, mounts: [MountPoint]? = nil
    ) throws -> ContainerSummary {
        let mapping = ContainerMapping(project: project)
        let definition = try #require(project.services[service])
        let request = try mapping.request(for: definition, number: number, imageID: imageID)
        let containerName = name ?? mapping.containerName(of: definition, number: number)
        var summary = ContainerSummary(
            id: id ?? "\(service)\(number)".padding(toLength: 16, withPad: "0", startingAt: 0),
            names: ["/" + containerName], labels: request.config.labels, state: state)
        summary.created = Int64(number)
        summary.networkSettings = ContainerSummary.SummaryNetworkSettings(
            networks: request.networkingConfig?.endpointsConfig)
        summary.mounts =
            mounts
            ?? request.hostConfig?.binds?.compactMap { bind in
                let parts = bind.split(separator: ":").map(String.init)
                guard parts.count >= 2, !parts[0].hasPrefix("/") else { return nil }
                return MountPoint(type: "volume", name: parts[0], destination: parts[1])
            }
        return summary
    }

    /// Every container of every service, running, plus the networks, volumes and images `up` creates.
    static func upToDate(_ project: Project) throws -> ObservedState {
        var observed = ObservedState()
        for name in project.serviceNames {
            let service = try #require(project.services[name])
            for number in 1...max(1, ContainerMapping.replicas(of: service)) {
                observed.containers.append(try container(project, name, number))
            }
            observed.images[ContainerMapping(project: project).imageName(of: service)] = ImageInspect(
                id: "sha256:img")
        }
        let created = try Planner.up(project, observed: ObservedState(images: observed.images))
        for action in created.actions {
            switch action.kind {
            case .createNetwork(let request):
                observed.networks.append(
                    NetworkSummary(name: request.name, id: "n-" + request.name, labels: request.labels))
            case .createVolume(let request):
                observed.volumes.append(Volume(name: request.name ?? "", labels: request.labels))
            default: break
            }
        }
        return observed
    }

    /// The corpus folder: `BERTH_CORPUS`, else the nearest `shared/corpus` above this file.
    static let corpus: URL = {
        if let path = ProcessInfo.processInfo.environment["BERTH_CORPUS"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "/work/shared/corpus")
    }()
}
