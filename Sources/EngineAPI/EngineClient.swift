/// The Docker Engine API operations the compose client needs, one method per endpoint. Implemented by
/// the HTTP-over-UNIX-socket client (berth's daemon or dockerd) and by in-memory doubles in tests.
///
/// Every method throws `EngineClientError` for an engine error reply (its `code` follows the HTTP
/// status: 404 `.notFound`, 409 `.conflict`, 304 `.notModified`, ...) or a transport failure.
/// Containers, networks, volumes and images are named by ID or name, as the API takes them.
package protocol EngineClient: Sendable {
    /// `GET /version`: the engine's version and API versions.
    func version() async throws -> SystemVersion

    // MARK: Containers

    /// `GET /containers/json`: the containers that match `options`.
    func listContainers(_ options: ContainerListOptions) async throws -> [ContainerSummary]
    /// `POST /containers/create?name=&platform=`: creates a container and returns its ID.
    func createContainer(name: String?, platform: String?, _ request: ContainerCreateRequest) async throws
        -> ContainerCreateResponse
    /// `GET /containers/{id}/json`: a container's configuration and state.
    func inspectContainer(_ id: String) async throws -> ContainerInspect
    /// `POST /containers/{id}/start`; starting a running container succeeds (304 is not an error).
    func startContainer(_ id: String) async throws
    /// `POST /containers/{id}/stop?signal=&t=`: the stop signal, then SIGKILL after `timeout` seconds
    /// (nil: the container's `StopTimeout`, else 10); stopping a stopped container succeeds.
    func stopContainer(_ id: String, signal: String?, timeout: Int?) async throws
    /// `POST /containers/{id}/restart?signal=&t=`: stop as `stopContainer`, then start.
    func restartContainer(_ id: String, signal: String?, timeout: Int?) async throws
    /// `POST /containers/{id}/kill?signal=`: sends `signal` (nil: SIGKILL).
    func killContainer(_ id: String, signal: String?) async throws
    /// `DELETE /containers/{id}?force=&v=`: removes a container; `force` kills it first, `removeVolumes`
    /// removes its anonymous volumes.
    func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws
    /// `POST /containers/{id}/rename?name=`.
    func renameContainer(_ id: String, to newName: String) async throws
    /// `PUT /containers/{id}/archive?path=`: extracts the tar `tar` into the folder `path` of the
    /// container; `copyUIDGID` keeps the archive's owners.
    func extractToContainer(_ id: String, path: String, tar: [UInt8], copyUIDGID: Bool) async throws
    /// `POST /containers/{id}/wait?condition=`: waits for the condition and returns the exit code.
    func waitContainer(_ id: String, condition: WaitCondition) async throws -> ContainerWaitResponse
    /// `POST /containers/{id}/pause`.
    func pauseContainer(_ id: String) async throws
    /// `POST /containers/{id}/unpause`.
    func unpauseContainer(_ id: String) async throws
    /// `GET /containers/{id}/top?ps_args=`: the container's processes.
    func topContainer(_ id: String, psArgs: String?) async throws -> ContainerTopResponse
    /// `GET /containers/{id}/logs`: the log lines, demultiplexed (a tty container's output is all stdout).
    /// With `follow` the stream goes on until the container stops or the consumer cancels.
    func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error>

    // MARK: Exec

    /// `POST /containers/{id}/exec`: creates an exec instance and returns its ID.
    func createExec(_ containerID: String, _ request: ExecCreateRequest) async throws -> IdResponse
    /// `POST /exec/{id}/start`: runs it; the output arrives as chunks until the process ends (empty at
    /// once with `detach`). `input` is copied to its standard input when it was created with `AttachStdin`.
    func startExec(_ id: String, _ request: ExecStartRequest, input: AsyncStream<[UInt8]>?)
        -> AsyncThrowingStream<OutputChunk, any Error>
    /// `POST /exec/{id}/resize?h=&w=`: resizes its terminal.
    func resizeExec(_ id: String, height: Int, width: Int) async throws
    /// `GET /exec/{id}/json`: whether it runs and its exit code.
    func inspectExec(_ id: String) async throws -> ExecInspect

    // MARK: Networks

    /// `GET /networks?filters=`: the networks that match `filters`.
    func listNetworks(filters: Filters) async throws -> [NetworkSummary]
    /// `GET /networks/{id}`: one network, with its containers.
    func inspectNetwork(_ id: String) async throws -> NetworkSummary
    /// `POST /networks/create`: creates a network and returns its ID.
    func createNetwork(_ request: NetworkCreateRequest) async throws -> NetworkCreateResponse
    /// `DELETE /networks/{id}`.
    func removeNetwork(_ id: String) async throws
    /// `POST /networks/{id}/connect`: connects a container.
    func connectNetwork(_ id: String, _ request: NetworkConnectRequest) async throws
    /// `POST /networks/{id}/disconnect`: disconnects a container.
    func disconnectNetwork(_ id: String, _ request: NetworkDisconnectRequest) async throws

    // MARK: Volumes

    /// `GET /volumes?filters=`: the volumes that match `filters`.
    func listVolumes(filters: Filters) async throws -> [Volume]
    /// `GET /volumes/{name}`.
    func inspectVolume(_ name: String) async throws -> Volume
    /// `POST /volumes/create`: creates a volume (an existing one of the same name is returned as it is).
    func createVolume(_ request: VolumeCreateRequest) async throws -> Volume
    /// `DELETE /volumes/{name}?force=`.
    func removeVolume(_ name: String, force: Bool) async throws

    // MARK: Images

    /// `GET /images/json?filters=`: the images that match `filters`.
    func listImages(filters: Filters) async throws -> [ImageSummary]
    /// `GET /images/{name}/json`.
    func inspectImage(_ name: String) async throws -> ImageInspect
    /// `POST /images/create?fromImage=&platform=` with `X-Registry-Auth` when `registryAuth` is set:
    /// pulls an image; the stream carries the progress messages and ends when the pull is done. A message
    /// with an `error` ends the stream with an `EngineClientError`.
    func pullImage(_ reference: String, platform: String?, registryAuth: String?)
        -> AsyncThrowingStream<ImagePullProgress, any Error>
    /// `DELETE /images/{name}?force=&noprune=`: removes an image; returns what was untagged and deleted.
    func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteResponseItem]
}
