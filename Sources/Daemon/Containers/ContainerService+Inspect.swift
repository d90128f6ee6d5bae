import Engine
import EngineAPI
import Foundation

extension ContainerService {
    /// Docker's inspect body for a container.
    package func inspect(_ reference: String) throws -> ContainerInspect {
        let record = try engine { try store.inspect(reference) }
        let extras = ContainerExtras.load(from: store.directory(record.id))
        var body = ContainerInspect(id: record.id, name: "/" + record.name, state: state(record))
        body.created = record.created
        body.path = record.config.spec.args.first
        body.args = Array(record.config.spec.args.dropFirst())
        body.image = record.config.imageID
        body.restartCount = record.state.restartCount
        body.driver = "overlay"
        body.platform = "linux"
        let folder = store.directory(record.id)
        body.resolvConfPath = folder + "/resolv.conf"
        body.hostnamePath = folder + "/hostname"
        body.hostsPath = folder + "/hosts"
        body.logPath = store.logPath(record.id)
        body.execIDs = nil
        var hostConfig = extras?.request.hostConfig ?? HostConfig()
        // dockerd always reports the logging driver; the Python SDK reads it after every run.
        if hostConfig.logConfig?.type == nil {
            hostConfig.logConfig = LogConfig(type: "json-file", config: hostConfig.logConfig?.config ?? [:])
        }
        body.hostConfig = hostConfig
        body.config = configBody(record, extras: extras)
        body.mounts = mountPoints(record)
        if record.state.status == .running || record.state.status == .paused {
            body.networkSettings = extras?.networkSettings ?? NetworkSettings()
        } else {
            // As dockerd: a container that does not run lists the networks it will join, without addresses.
            var settings = NetworkSettings()
            settings.networks = extras?.request.networkingConfig?.endpointsConfig ?? [:]
            body.networkSettings = settings
        }
        return body
    }

    /// Docker's list entries, filtered as `/containers/json` asks.
    package func list(all: Bool, filters: [String: [String]]) throws -> [ContainerSummary] {
        let filter = try ContainerFilter(filters)
        return store.list().reversed().filter { record in
            (all || record.state.status == .running || record.state.status == .paused) && filter.matches(record)
        }.map(summary)
    }

    private func summary(_ record: ContainerRecord) -> ContainerSummary {
        let extras = ContainerExtras.load(from: store.directory(record.id))
        var body = ContainerSummary(
            id: record.id, names: ["/" + record.name], labels: record.config.labels, state: record.state.status.rawValue
        )
        body.image = record.config.image
        body.imageID = record.config.imageID
        body.command = record.config.spec.args.joined(separator: " ")
        body.created = Int64((parseTimestamp(record.created) ?? 0) / 1_000_000_000)
        body.status = statusText(record)
        body.ports = ports(extras?.networkSettings)
        body.hostConfig = ContainerSummary.SummaryHostConfig(
            networkMode: extras?.request.hostConfig?.networkMode ?? "bridge")
        body.networkSettings = ContainerSummary.SummaryNetworkSettings(
            networks: extras?.networkSettings?.networks ?? [:])
        body.mounts = mountPoints(record)
        return body
    }

    private func ports(_ settings: NetworkSettings?) -> [EngineAPI.Port] {
        var ports: [EngineAPI.Port] = []
        for (key, bindings) in (settings?.ports ?? [:]).sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/")
            guard let privatePort = parts.first.flatMap({ Int($0) }) else { continue }
            let type = parts.count > 1 ? String(parts[1]) : "tcp"
            guard let bindings, !bindings.isEmpty else {
                ports.append(EngineAPI.Port(privatePort: privatePort, type: type))
                continue
            }
            for binding in bindings {
                ports.append(
                    Port(
                        ip: binding.hostIP, privatePort: privatePort, publicPort: binding.hostPort.flatMap { Int($0) },
                        type: type))
            }
        }
        return ports
    }

    private func state(_ record: ContainerRecord) -> EngineAPI.ContainerState {
        var state = EngineAPI.ContainerState(
            status: record.state.status.rawValue,
            running: record.state.status == .running || record.state.status == .paused,
            exitCode: Int(record.state.exitCode))
        state.paused = record.state.status == .paused
        state.restarting = false
        state.oomKilled = record.state.oomKilled
        state.dead = false
        state.pid = Int(record.state.pid)
        state.error = record.state.error
        state.startedAt = record.state.startedAt.isEmpty ? "0001-01-01T00:00:00Z" : record.state.startedAt
        state.finishedAt = record.state.finishedAt.isEmpty ? "0001-01-01T00:00:00Z" : record.state.finishedAt
        if record.state.status == .running || record.state.status == .paused {
            state.health = health.health(of: record.id)
        }
        return state
    }

    /// `Up 5 seconds`, `Exited (0) 3 minutes ago`, `Created`, with `(healthy)` as docker ps shows it.
    private func statusText(_ record: ContainerRecord) -> String {
        func since(_ stamp: String) -> String {
            guard let nanoseconds = parseTimestamp(stamp) else { return "" }
            let seconds = max(0, Int((nowNanoseconds() - nanoseconds) / 1_000_000_000))
            switch seconds {
            case ..<60: return "\(seconds) second\(seconds == 1 ? "" : "s")"
            case ..<3600: return "\(seconds / 60) minute\(seconds / 60 == 1 ? "" : "s")"
            default: return "\(seconds / 3600) hour\(seconds / 3600 == 1 ? "" : "s")"
            }
        }
        switch record.state.status {
        case .created: return "Created"
        case .exited: return "Exited (\(record.state.exitCode)) \(since(record.state.finishedAt)) ago"
        case .paused: return "Up \(since(record.state.startedAt)) (Paused)"
        case .running:
            let health = self.health.health(of: record.id)?.status.map {
                $0 == "starting" ? " (health: starting)" : " (\($0))"
            }
            return "Up \(since(record.state.startedAt))" + (health ?? "")
        }
    }

    private func configBody(_ record: ContainerRecord, extras: ContainerExtras?) -> EngineAPI.ContainerConfig {
        var config = extras?.request.config ?? EngineAPI.ContainerConfig()
        config.hostname = record.config.spec.hostname
        config.env = record.config.spec.env
        config.cmd = config.cmd ?? Array(record.config.spec.args.dropFirst())
        config.workingDir = record.config.spec.cwd
        config.labels = record.config.labels
        config.image = record.config.image
        config.tty = record.config.tty
        config.openStdin = record.config.openStdin
        config.user = record.config.spec.user ?? ""
        return config
    }

    private func mountPoints(_ record: ContainerRecord) -> [MountPoint] {
        let volumeRoot = volumes.mountpoint(of: "X").dropLast("X/_data".count)
        return record.config.spec.mounts.filter { !$0.destination.hasPrefix("/etc/") || $0.type == "tmpfs" }.map {
            mount in
            let isVolume = mount.source.hasPrefix(volumeRoot)
            var point = MountPoint(type: isVolume ? "volume" : mount.type, destination: mount.destination)
            point.source = mount.source
            if isVolume {
                point.name = String(mount.source.dropFirst(volumeRoot.count).dropLast("/_data".count))
                point.driver = "local"
            }
            point.rw = !mount.options.contains("ro")
            point.mode = mount.options.contains("ro") ? "ro" : ""
            point.propagation = mount.type == "bind" ? "rprivate" : ""
            return point
        }
    }
}

/// `/containers/json` filters: id, name, label, status, exited, ancestor.
struct ContainerFilter {
    var filters: [String: [String]]

    init(_ filters: [String: [String]]) throws {
        for key in filters.keys
        where !["id", "name", "label", "status", "exited", "ancestor", "network", "volume", "health"].contains(key) {
            throw APIError.badRequest("invalid filter '\(key)'")
        }
        self.filters = filters
    }

    func matches(_ record: ContainerRecord) -> Bool {
        for (key, values) in filters where !values.isEmpty {
            // As dockerd: every label must match; the values of any other key are alternatives.
            let test = { (value: String) -> Bool in
                switch key {
                case "id": return record.id.hasPrefix(value)
                case "name": return record.name.contains(value.hasPrefix("/") ? String(value.dropFirst()) : value)
                case "label":
                    let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                    guard let actual = record.config.labels[parts[0]] else { return false }
                    return parts.count == 1 || actual == parts[1]
                case "status": return record.state.status.rawValue == value
                case "exited": return record.state.status == .exited && String(record.state.exitCode) == value
                case "ancestor": return record.config.image == value || record.config.imageID.hasPrefix(value)
                default: return true
                }
            }
            let ok = key == "label" ? values.allSatisfy(test) : values.contains(where: test)
            if !ok { return false }
        }
        return true
    }
}
