import ComposeSpec
import EngineAPI

/// Reads a project's state from the engine by its labels: one list call each for containers, networks
/// and volumes, one inspect per image the services use and per network or volume the project names
/// that carries no project label (external ones, or ones created by hand).
package enum Observer {
    /// The observed state of `project`.
    /// - Throws: `PlannerError` (`.engine`) when a call fails for another reason than "not found".
    package static func observe(_ project: Project, client: any EngineClient) async throws(PlannerError)
        -> ObservedState
    {
        let byProject = Filters.label("\(Labels.project)=\(project.name)")
        do {
            var observed = ObservedState()
            observed.containers = try await client.listContainers(ContainerListOptions(all: true, filters: byProject))
            observed.networks = try await client.listNetworks(filters: byProject)
            observed.volumes = try await client.listVolumes(filters: byProject)
            for name in networkNames(of: project) where observed.network(named: name) == nil {
                if let network = try await orNil({ try await client.inspectNetwork(name) }) {
                    observed.networks.append(network)
                }
            }
            for name in volumeNames(of: project) where observed.volume(named: name) == nil {
                if let volume = try await orNil({ try await client.inspectVolume(name) }) {
                    observed.volumes.append(volume)
                }
            }
            observed.images = try await images(of: project, client: client)
            return observed
        } catch let error as PlannerError {
            throw error
        } catch {
            throw PlannerError(
                .engine, "project \"\(project.name)\": cannot read its state from the engine", cause: error)
        }
    }

    private static func networkNames(of project: Project) -> [String] {
        project.networks.keys.sorted().compactMap { key in
            project.networks[key].map { $0.name ?? "\(project.name)_\(key)" }
        }
    }

    private static func volumeNames(of project: Project) -> [String] {
        project.volumes.keys.sorted().compactMap { key in
            project.volumes[key].map { $0.name ?? "\(project.name)_\(key)" }
        }
    }

    /// The images of the services that the engine has, inspected in parallel.
    private static func images(of project: Project, client: any EngineClient) async throws -> [String: ImageInspect] {
        let mapping = ContainerMapping(project: project)
        let references = Set(project.services.values.map { mapping.imageName(of: $0) })
        return try await withThrowingTaskGroup(of: (String, ImageInspect?).self) { group in
            for reference in references {
                group.addTask { (reference, try await orNil { try await client.inspectImage(reference) }) }
            }
            var result: [String: ImageInspect] = [:]
            for try await (reference, image) in group {
                if let image { result[reference] = image }
            }
            return result
        }
    }

    /// The call's result, or nil when the engine answers "not found".
    static func orNil<T: Sendable>(_ call: () async throws -> T) async throws -> T? {
        do {
            return try await call()
        } catch let error as EngineClientError where error.code == .notFound {
            return nil
        }
    }
}
