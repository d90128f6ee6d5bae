import EngineAPI

extension Executor {
    /// One engine call per action; "already so" answers of the engine count as done.
    func execute(_ action: Action, created: [Int: String]) async throws -> ActionOutput {
        switch action.kind {
        case .pullImage(let reference, let platform):
            for try await _ in client.pullImage(reference, platform: platform, registryAuth: nil) {}
        case .createNetwork(let request):
            try await tolerating(.conflict) { _ = try await client.createNetwork(request) }
        case .removeNetwork(let name):
            try await tolerating(.notFound) { try await client.removeNetwork(name) }
        case .createVolume(let request):
            _ = try await client.createVolume(request)
        case .removeVolume(let name):
            try await tolerating(.notFound) { try await client.removeVolume(name, force: false) }
        case .createContainer(_, _, let name, let request):
            let resolved = try await resolve(request)
            let response = try await client.createContainer(name: name, platform: nil, resolved)
            return ActionOutput(containerID: response.id)
        case .startContainer(let reference):
            let id = try container(reference, created: created)
            try await tolerating(.notModified) { try await client.startContainer(id) }
        case .stopContainer(let reference, let timeout):
            let id = try container(reference, created: created)
            try await tolerating(.notModified, .notFound) {
                try await client.stopContainer(id, signal: nil, timeout: timeout)
            }
        case .removeContainer(let reference, let removeVolumes):
            let id = try container(reference, created: created)
            try await tolerating(.notFound) {
                try await client.removeContainer(id, force: false, removeVolumes: removeVolumes)
            }
        case .renameContainer(let reference, let newName):
            try await client.renameContainer(try container(reference, created: created), to: newName)
        case .copyFiles(let reference, let files):
            let id = try container(reference, created: created)
            try await client.extractToContainer(id, path: "/", tar: try InjectedFile.tar(files), copyUIDGID: true)
        case .waitCondition(let service, let condition, let required):
            return try await wait(for: service, condition: condition, required: required, action: action)
        case .connectNetwork(let network, let reference, let endpoint):
            let request = NetworkConnectRequest(
                container: try container(reference, created: created), endpointConfig: endpoint)
            try await client.connectNetwork(network, request)
        case .disconnectNetwork(let network, let reference):
            let request = NetworkDisconnectRequest(container: try container(reference, created: created), force: true)
            try await tolerating(.notFound) { try await client.disconnectNetwork(network, request) }
        case .removeImage(let reference):
            try await tolerating(.notFound) {
                _ = try await client.removeImage(reference, force: false, noPrune: false)
            }
        }
        return ActionOutput()
    }

    /// Runs `call`; an `EngineClientError` with one of `codes` means the engine is already where the
    /// action would take it.
    private func tolerating(_ codes: EngineClientError.Code..., call: () async throws -> Void) async throws {
        do {
            try await call()
        } catch let error as EngineClientError where codes.contains(error.code) {
            return
        }
    }

    /// The engine ID of a container: its own for an existing one, the creating action's result otherwise.
    private func container(_ reference: ContainerRef, created: [Int: String]) throws(PlannerError) -> String {
        switch reference {
        case .existing(let id, _):
            return id
        case .created(let action, let name):
            guard let id = created[action] else {
                throw PlannerError(.engine, "container \(name): action #\(action) did not create it")
            }
            return id
        }
    }

    /// Replaces `service:NAME` references (network, IPC and PID namespaces, volumes_from) by the ID of the
    /// service's first container, and records the image ID when the plan did not know it (pulled since).
    func resolve(_ request: ContainerCreateRequest) async throws -> ContainerCreateRequest {
        var request = request
        if var host = request.hostConfig {
            host.networkMode = try await resolveMode(host.networkMode)
            host.ipcMode = try await resolveMode(host.ipcMode)
            host.pidMode = try await resolveMode(host.pidMode)
            var volumesFrom: [String] = []
            for entry in host.volumesFrom ?? [] {
                if entry.hasPrefix("container:") {
                    volumesFrom.append(String(entry.dropFirst("container:".count)))
                    continue
                }
                let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                let id = try await firstContainer(of: parts.first ?? entry)
                volumesFrom.append(parts.count > 1 ? "\(id):\(parts[1])" : id)
            }
            host.volumesFrom = host.volumesFrom == nil ? nil : volumesFrom
            request.hostConfig = host
        }
        if request.config.labels?[Labels.image] == nil, let image = request.config.image,
            let inspected = try await Observer.orNil({ try await client.inspectImage(image) })
        {
            request.config.labels?[Labels.image] = inspected.id
        }
        return request
    }

    private func resolveMode(_ mode: String?) async throws -> String? {
        guard let mode, mode.hasPrefix("service:") else { return mode }
        return "container:" + (try await firstContainer(of: String(mode.dropFirst("service:".count))))
    }

    /// The ID of the lowest-numbered container of `service`.
    func firstContainer(of service: String) async throws -> String {
        let containers = try await containers(of: service)
        guard let first = containers.first else {
            throw PlannerError(.missingResource, "service \"\(service)\" has no container to share")
        }
        return first.id
    }

    /// The non-one-off containers of a service, by replica number.
    func containers(of service: String) async throws -> [ObservedContainer] {
        let filters = Filters.label("\(Labels.project)=\(project)")
            .adding("label", "\(Labels.service)=\(service)").adding("label", "\(Labels.oneoff)=False")
        let summaries = try await client.listContainers(ContainerListOptions(all: true, filters: filters))
        return ObservedState(containers: summaries).containers(ofService: service)
    }
}
