import EngineAPI
import Foundation
import Synchronization

@testable import Planner

/// An in-memory engine: enough of the Docker API's behaviour (names, labels, states, health, conflicts)
/// to run plans against, with a log of calls and the most calls seen under way at once.
final class FakeEngine: EngineClient {
    struct Container {
        var summary: ContainerSummary
        var request: ContainerCreateRequest
    }

    struct State {
        var containers: [String: Container] = [:]
        var networks: [String: NetworkSummary] = [:]
        var volumes: [String: Volume] = [:]
        var images: [String: ImageInspect] = [:]
        var log: [String] = []
        var nextID = 1
        var inFlight = 0
        var maxInFlight = 0
        /// Health statuses each inspect of a container (by name) returns in turn; the last one stays.
        var health: [String: [String]] = [:]
        /// Exit codes `wait` returns, by container name (0 by default).
        var exitCodes: [String: Int] = [:]
        /// Calls that fail, as `call name` (e.g. `rename demo-web-1`).
        var failing: Set<String> = []
    }

    let state = Mutex(State())
    let callDelay: Duration

    init(images: [String] = ["busybox"], callDelay: Duration = .zero) {
        self.callDelay = callDelay
        state.withLock { state in
            for image in images { state.images[image] = ImageInspect(id: "sha256:\(image)") }
        }
    }

    var log: [String] { state.withLock { $0.log } }
    var containers: [ContainerSummary] {
        state.withLock { $0.containers.values.map(\.summary) }.sorted {
            ($0.names?.first ?? "") < ($1.names?.first ?? "")
        }
    }

    /// Records a call, fails it when asked to, and counts the calls under way.
    private func call(_ entry: String) async throws {
        let fails = state.withLock { state in
            state.log.append(entry)
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            return state.failing.contains(entry)
        }
        if callDelay > .zero { try? await Task.sleep(for: callDelay) }
        state.withLock { $0.inFlight -= 1 }
        if fails { throw EngineClientError(code: .server, message: "\(entry): injected failure") }
    }

    private func find(_ id: String) throws -> String {
        try state.withLock { state in
            if state.containers[id] != nil { return id }
            if let match = state.containers.first(where: { $0.value.summary.names == ["/" + id] }) { return match.key }
            throw EngineClientError(code: .notFound, message: "No such container: \(id)")
        }
    }

    private func name(_ id: String) -> String {
        state.withLock { String($0.containers[id]?.summary.names?.first?.dropFirst() ?? "") }
    }

    private func setState(_ id: String, _ status: String) {
        state.withLock { $0.containers[id]?.summary.state = status }
    }

    func version() async throws -> SystemVersion { SystemVersion(version: "fake", apiVersion: "1.44") }

    func listContainers(_ options: ContainerListOptions) async throws -> [ContainerSummary] {
        let labels = options.filters.values["label"] ?? []
        return containers.filter { summary in
            (options.all || summary.state == "running")
                && labels.allSatisfy { label in
                    let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
                    return summary.labels?[parts[0]] == (parts.count > 1 ? parts[1] : summary.labels?[parts[0]])
                }
        }
    }

    func createContainer(name: String?, platform: String?, _ request: ContainerCreateRequest) async throws
        -> ContainerCreateResponse
    {
        let name = name ?? "anon"
        try await call("create \(name)")
        return try state.withLock { state in
            if state.containers.values.contains(where: { $0.summary.names == ["/" + name] }) {
                throw EngineClientError(code: .conflict, message: "container name \(name) is already in use")
            }
            let id = String(format: "c%015d", state.nextID)
            state.nextID += 1
            var summary = ContainerSummary(id: id, names: ["/" + name], labels: request.config.labels, state: "created")
            summary.created = Int64(state.nextID)
            summary.networkSettings = .init(networks: request.networkingConfig?.endpointsConfig)
            summary.mounts = request.hostConfig?.mounts?.map {
                MountPoint(type: $0.type, name: $0.source ?? "anon-\(id)", destination: $0.target)
            }
            state.containers[id] = Container(summary: summary, request: request)
            return ContainerCreateResponse(id: id)
        }
    }

    func inspectContainer(_ id: String) async throws -> ContainerInspect {
        let id = try find(id)
        try await call("inspect \(name(id))")
        return state.withLock { state in
            let container = state.containers[id]
            let name = String(container?.summary.names?.first?.dropFirst() ?? "")
            var statuses = state.health[name] ?? []
            // Without a scripted sequence a container with a health check is healthy at once.
            let scripted = statuses.first ?? (container?.request.config.healthcheck == nil ? nil : "healthy")
            let health = scripted.map { Health(status: $0) }
            if statuses.count > 1 { statuses.removeFirst() }
            state.health[name] = statuses
            let status = container?.summary.state
            return ContainerInspect(
                id: id, name: "/" + name,
                state: ContainerState(
                    status: status, running: status == "running", exitCode: state.exitCodes[name], health: health),
                config: container?.request.config)
        }
    }

    func startContainer(_ id: String) async throws {
        let id = try find(id)
        try await call("start \(name(id))")
        setState(id, "running")
    }

    func stopContainer(_ id: String, signal: String?, timeout: Int?) async throws {
        let id = try find(id)
        try await call("stop \(name(id))")
        setState(id, "exited")
    }

    func restartContainer(_ id: String, signal: String?, timeout: Int?) async throws {
        let id = try find(id)
        try await call("restart \(name(id))")
        setState(id, "running")
    }

    func killContainer(_ id: String, signal: String?) async throws {
        let id = try find(id)
        try await call("kill \(name(id))")
        setState(id, "exited")
    }

    func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws {
        let id = try find(id)
        try await call("remove \(name(id))")
        try state.withLock { state in
            if state.containers[id]?.summary.state == "running" && !force {
                throw EngineClientError(code: .conflict, message: "container \(id) is running")
            }
            state.containers[id] = nil
        }
    }

    func renameContainer(_ id: String, to newName: String) async throws {
        let id = try find(id)
        try await call("rename \(name(id)) \(newName)")
        state.withLock { $0.containers[id]?.summary.names = ["/" + newName] }
    }

    func extractToContainer(_ id: String, path: String, tar: [UInt8], copyUIDGID: Bool) async throws {
        let id = try find(id)
        try await call("copy \(name(id)) \(path) \(tar.count / 512) blocks")
    }

    func waitContainer(_ id: String, condition: WaitCondition) async throws -> ContainerWaitResponse {
        let id = try find(id)
        try await call("wait \(name(id))")
        let name = name(id)
        setState(id, "exited")
        return ContainerWaitResponse(statusCode: state.withLock { $0.exitCodes[name] ?? 0 })
    }

    func pauseContainer(_ id: String) async throws { try await call("pause \(id)") }
    func unpauseContainer(_ id: String) async throws { try await call("unpause \(id)") }
    func topContainer(_ id: String, psArgs: String?) async throws -> ContainerTopResponse {
        ContainerTopResponse(titles: ["PID"], processes: [["1"]])
    }

    func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error> {
        AsyncThrowingStream { $0.finish() }
    }

    func createExec(_ containerID: String, _ request: ExecCreateRequest) async throws -> IdResponse {
        IdResponse(id: "exec")
    }

    func startExec(_ id: String, _ request: ExecStartRequest, input: AsyncStream<[UInt8]>?)
        -> AsyncThrowingStream<OutputChunk, any Error>
    { AsyncThrowingStream { $0.finish() } }

    func resizeExec(_ id: String, height: Int, width: Int) async throws {}
    func inspectExec(_ id: String) async throws -> ExecInspect { ExecInspect(id: id, running: false, exitCode: 0) }

    func listNetworks(filters: Filters) async throws -> [NetworkSummary] {
        let labels = filters.values["label"] ?? []
        return state.withLock { Array($0.networks.values) }.filter { network in
            labels.allSatisfy { label in
                let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
                return network.labels?[parts[0]] == parts.last
            }
        }.sorted { $0.name < $1.name }
    }

    func inspectNetwork(_ id: String) async throws -> NetworkSummary {
        guard let network = state.withLock({ $0.networks[id] }) else {
            throw EngineClientError(code: .notFound, message: "network \(id) not found")
        }
        return network
    }

    func createNetwork(_ request: NetworkCreateRequest) async throws -> NetworkCreateResponse {
        try await call("createNetwork \(request.name)")
        return state.withLock { state in
            state.networks[request.name] = NetworkSummary(
                name: request.name, id: "n-" + request.name, labels: request.labels)
            return NetworkCreateResponse(id: "n-" + request.name)
        }
    }

    func removeNetwork(_ id: String) async throws {
        try await call("removeNetwork \(id)")
        state.withLock { $0.networks[id] = nil }
    }

    func connectNetwork(_ id: String, _ request: NetworkConnectRequest) async throws { try await call("connect \(id)") }
    func disconnectNetwork(_ id: String, _ request: NetworkDisconnectRequest) async throws {
        try await call("disconnect \(id)")
    }

    func listVolumes(filters: Filters) async throws -> [Volume] {
        let labels = filters.values["label"] ?? []
        return state.withLock { Array($0.volumes.values) }.filter { volume in
            labels.allSatisfy { label in
                let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
                return volume.labels?[parts[0]] == parts.last
            }
        }.sorted { $0.name < $1.name }
    }

    func inspectVolume(_ name: String) async throws -> Volume {
        guard let volume = state.withLock({ $0.volumes[name] }) else {
            throw EngineClientError(code: .notFound, message: "volume \(name) not found")
        }
        return volume
    }

    func createVolume(_ request: VolumeCreateRequest) async throws -> Volume {
        try await call("createVolume \(request.name ?? "")")
        return state.withLock { state in
            let volume = Volume(name: request.name ?? "anon", driver: "local", labels: request.labels)
            state.volumes[volume.name] = volume
            return volume
        }
    }

    func removeVolume(_ name: String, force: Bool) async throws {
        try await call("removeVolume \(name)")
        state.withLock { $0.volumes[name] = nil }
    }

    func listImages(filters: Filters) async throws -> [ImageSummary] {
        state.withLock { $0.images.map { ImageSummary(id: $0.value.id, repoTags: [$0.key]) } }
    }

    func inspectImage(_ name: String) async throws -> ImageInspect {
        guard let image = state.withLock({ $0.images[name] }) else {
            throw EngineClientError(code: .notFound, message: "No such image: \(name)")
        }
        return image
    }

    func pullImage(_ reference: String, platform: String?, registryAuth: String?)
        -> AsyncThrowingStream<ImagePullProgress, any Error>
    {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.call("pull \(reference)")
                    self.state.withLock { $0.images[reference] = ImageInspect(id: "sha256:\(reference)") }
                    continuation.yield(ImagePullProgress(status: "Downloaded newer image for \(reference)"))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteResponseItem] {
        try await call("removeImage \(name)")
        state.withLock { $0.images[name] = nil }
        return [ImageDeleteResponseItem(untagged: name)]
    }
}
