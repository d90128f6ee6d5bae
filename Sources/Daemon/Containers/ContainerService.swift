import Engine
import EngineAPI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's container operations: the engine's `ContainerStore` plus what the API adds around
/// it (images, volumes, networks, events, health checks). Every method blocks; routes call them on
/// their own threads.
package final class ContainerService: Sendable {
    let store: ContainerStore
    let volumes: VolumeStore
    let events: EventLog
    let images: any ImageProvider
    let networks: (any NetworkHooks)?
    let health: HealthMonitor
    /// The daemon's `userns-remap` namespace, nil when it is off.
    let userNamespaceRemap: UserNamespace?
    /// Held while a container starts and while an archive is extracted into its stopped layers.
    let rootLocks = ContainerLocks()
    /// Exit codes of the last removed containers, for `wait?condition=removed` (auto-remove races it).
    let recentExits = Mutex<[String: Int32]>([:])
    /// Broadcast after each start and removal: attach and wait before start follow it.
    let stateChanges = StateChangeSignal()
    /// Attach streams per container, which an auto-removal lets drain first.
    let outputStreams = OutputStreams()
    /// AutoRemove containers being removed now (by a waiter or the exit watcher).
    let autoRemovals = Mutex<Set<String>>([])

    /// Serves containers of `store`.
    package init(
        store: ContainerStore, volumes: VolumeStore, events: EventLog, images: any ImageProvider,
        networks: (any NetworkHooks)?, userNamespaceRemap: UserNamespace? = nil
    ) {
        self.userNamespaceRemap = userNamespaceRemap
        self.store = store
        self.volumes = volumes
        self.events = events
        self.images = images
        self.networks = networks
        self.health = HealthMonitor(store: store, events: events)
    }

    /// Creates a container from Docker's create body; on failure nothing stays (no record, name or
    /// anonymous volume).
    package func create(name: String?, _ request: ContainerCreateRequest) throws -> ContainerCreateResponse {
        guard let reference = request.config.image, !reference.isEmpty else {
            throw APIError.badRequest("Config.Image: no image specified")
        }
        // Docker's rule: at least two characters, after an optional "/".
        let bare = name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? ""
        if let name, !name.isEmpty, !(bare.utf8.count >= 2 && ContainerStore.isValidName(bare)) {
            throw APIError.badRequest(
                "name: invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
        let image = try images.defaults(for: reference)
        let mountpoints = volumes
        var translator = CreateTranslator(request: request, image: image) { mountpoints.mountpoint(of: $0) }
        translator.userNamespaceRemap = userNamespaceRemap
        let translation = try translator.translate(
            name: bare)
        var made: [String] = []
        do {
            for volume in translation.volumes { _ = try volumes.create(name: volume) }
            for volume in translation.anonymousVolumes {
                _ = try volumes.create(name: volume, labels: ["com.docker.volume.anonymous": ""])
                made.append(volume)
            }
            try giveFreshVolumes(translation.volumes + translation.anonymousVolumes, to: translation.config.spec)
            let record = try engine { try store.create(translation.config) }
            let extras = ContainerExtras(
                request: request, anonymousVolumes: translation.anonymousVolumes,
                joins: NamespaceModes.joins(request.hostConfig ?? HostConfig()))
            do {
                try extras.save(in: store.directory(record.id))
            } catch {
                try? store.delete(record.id, force: true)
                throw error
            }
            events.publish(containerEvent("create", record))
            return ContainerCreateResponse(id: record.id, warnings: [])
        } catch {
            for volume in made { try? volumes.remove(volume, inUseBy: []) }
            throw error
        }
    }

    /// Starts a container: joins the namespaces of other containers, attaches its networks, then
    /// starts it under its shim. Starting a running container is a 304.
    package func start(_ reference: String) throws {
        let record = try engine { try store.inspect(reference) }
        if record.state.status == .running || record.state.status == .paused { throw APIError(.notModified, "") }
        let folder = store.directory(record.id)
        var extras = ContainerExtras.load(from: folder)
        // Waiters for the start (attach, wait) look again, whatever came of it.
        defer { stateChanges.broadcast() }
        do {
            let attached = try prepareNamespaces(record, extras: &extras)
            let started = try rootLocks.withLock(record.id) { try engine { try store.start(record.id) } }
            if attached, let extras { try? extras.save(in: folder) }
            events.publish(containerEvent("start", started))
            health.watch(started)
            // The docker CLI sends its terminal's size at create (API 1.42+); its own resize comes later.
            if started.config.tty, let size = extras?.request.hostConfig?.consoleSize, size.count == 2, size[0] > 0 {
                try? resize(started.id, rows: size[0], columns: size[1])
            }
        } catch {
            networks?.release(containerID: record.id)
            // As dockerd: an AutoRemove container that failed to start would never exit to be removed.
            if record.config.autoRemove { try? remove(record.id, force: true, volumes: true) }
            throw error
        }
    }

    /// Joins the namespaces the container shares and attaches its networks; true when it attached
    /// networks, so `extras` holds new network settings to save.
    private func prepareNamespaces(_ record: ContainerRecord, extras: inout ContainerExtras?) throws -> Bool {
        var joined: [ContainerSpec.Namespace: String] = [:]
        for join in extras?.joins ?? [] {
            let other = try engine { try store.inspect(join.container) }
            guard other.state.status == .running || other.state.status == .paused else {
                throw APIError.conflict(
                    "cannot join the \(join.namespace.rawValue) namespace of container \(join.container): it is not running"
                )
            }
            joined[join.namespace] =
                "/proc/\(other.state.pid)/ns/\(join.namespace == .network ? "net" : join.namespace.rawValue)"
        }
        var attached = false
        let request = extras?.request
        let mode = request?.hostConfig?.networkMode ?? ""
        // From the request, not the spec: after the first start the spec joins the netns file that
        // stop released, and a restart must attach anew.
        let wantsNetworks = mode != "none" && mode != "host" && !mode.hasPrefix("container:")
        if wantsNetworks, let networks, let request {
            networks.release(containerID: record.id)
            let attachment = try networks.attach(attachRequest(record, request))
            joined[.network] = attachment.namespacePath
            try engine {
                try store.writeEtcFile(record.id, file: "resolv.conf", contents: attachment.resolvConf)
                try store.writeEtcFile(record.id, file: "hosts", contents: attachment.hosts)
            }
            extras?.networkSettings = attachment.settings
            attached = true
        } else if wantsNetworks && mode != "" && mode != "bridge" && mode != "default" {
            throw APIError.server("HostConfig.NetworkMode: networks are not available in this daemon")
        }
        let joins = joined
        _ = try engine {
            try store.update(record.id) { config in
                for (namespace, path) in joins {
                    config.spec.namespaces.remove(namespace)
                    config.spec.joinNamespaces[namespace] = path
                }
            }
        }
        return attached
    }

    private func attachRequest(_ record: ContainerRecord, _ request: ContainerCreateRequest) -> NetworkAttachRequest {
        let host = request.hostConfig ?? HostConfig()
        return NetworkAttachRequest(
            containerID: record.id, containerName: record.name,
            hostname: record.config.spec.hostname ?? String(record.id.prefix(12)), networkMode: host.networkMode ?? "",
            endpoints: request.networkingConfig?.endpointsConfig ?? [:], portBindings: host.portBindings ?? [:],
            publishAll: host.publishAllPorts ?? false, exposedPorts: (request.config.exposedPorts ?? [:]).keys.sorted(),
            dns: host.dns ?? [], dnsSearch: host.dnsSearch ?? [], extraHosts: host.extraHosts ?? [])
    }

    /// Stops a container (the stop signal, then SIGKILL after `timeout`); a stopped one is a 304.
    package func stop(_ reference: String, signal: String?, timeout: Int?) throws {
        let record = try engine { try store.inspect(reference) }
        guard record.state.status == .running || record.state.status == .paused else {
            throw APIError(.notModified, "")
        }
        if let signal {
            try engine { try store.kill(record.id, signal: try SignalNames.parse(signal, field: "signal")) }
        }
        let stopped = try engine { try store.stop(record.id, timeout: timeout) }
        finished(stopped)
        events.publish(containerEvent("stop", stopped))
    }

    /// Records the end of a container's run: health checks stop, the network is released, the
    /// `die` event is sent.
    func finished(_ record: ContainerRecord) {
        health.forget(record.id)
        networks?.release(containerID: record.id)
        var attributes = ["exitCode": String(record.state.exitCode)]
        if record.state.oomKilled { events.publish(containerEvent("oom", record)) }
        attributes["name"] = record.name
        events.publish(containerEvent("die", record, extra: attributes))
    }

    /// Removes a container (a running one only with `force`), its anonymous volumes with `volumes`.
    package func remove(_ reference: String, force: Bool, volumes removeVolumes: Bool) throws {
        let record = try engine { try store.inspect(reference) }
        if record.state.status == .running || record.state.status == .paused {
            guard force else {
                throw APIError.conflict(
                    "cannot remove container \"/\(record.name)\": container is \(record.state.status.rawValue): stop the container before removing or force remove"
                )
            }
        }
        let extras = ContainerExtras.load(from: store.directory(record.id))
        try engine { try store.delete(record.id, force: force) }
        recentExits.withLock { table in
            if table.count >= 256 { table.removeAll() }
            table[record.id] = record.state.exitCode
        }
        stateChanges.broadcast()
        if record.state.status == .running || record.state.status == .paused { finished(record) }
        networks?.release(containerID: record.id)
        health.forget(record.id)
        if removeVolumes {
            for volume in extras?.anonymousVolumes ?? [] where self.volumeUsers(volume).isEmpty {
                try? volumes.remove(volume, inUseBy: [])
            }
        }
        events.publish(containerEvent("destroy", record))
    }

    /// The containers that mount volume `name`.
    package func volumeUsers(_ name: String) -> [String] {
        let mountpoint = volumes.mountpoint(of: name)
        return store.list().filter { record in
            record.config.spec.mounts.contains { $0.source == mountpoint }
        }.map(\.name)
    }

    /// A container event in Docker's shape: name, image and labels as attributes.
    func containerEvent(_ action: String, _ record: ContainerRecord, extra: [String: String] = [:]) -> EngineEvent {
        var attributes = record.config.labels
        attributes["name"] = record.name
        attributes["image"] = record.config.image
        for (key, value) in extra { attributes[key] = value }
        return EngineEvent(type: "container", action: action, id: record.id, attributes: attributes)
    }

    /// Runs engine work, turning engine errors into API errors with Docker's status codes.
    func engine<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as EngineError {
            throw Self.apiError(error)
        }
    }

    static func apiError(_ error: EngineError) -> APIError {
        let text = error.description
        if error.code == .notFound { return APIError.notFound(text) }
        if error.code == .invalidSpec {
            let conflicts = [
                "already in use", "is running", "is paused", "not running", "is already", "not paused", "cannot change",
            ]
            return conflicts.contains { text.contains($0) } ? APIError.conflict(text) : APIError.badRequest(text)
        }
        return APIError.server(text)
    }
}
