import BerthNetwork
import EngineAPI
import Foundation

/// `/networks`: list, inspect, create, remove, connect, disconnect, prune.
enum NetworkRoutes {
    static func register(on router: inout Router, daemon: DaemonState) {
        guard let manager = daemon.networkManager else { return }
        router.add(.GET, "/networks") { request in
            let filters = try QueryFilters.parse(request)
            return try .json(manager.list().filter { matches($0, filters) }.map(summary))
        }
        router.add(.GET, "/networks/{id}") { request in
            try .json(summary(try network { try manager.inspect(try request.parameter("id")) }))
        }
        router.add(.POST, "/networks/create") { request in
            let body = try request.decodeBody(EngineAPI.NetworkCreateRequest.self)
            let record = try network { try manager.create(try translate(body)) }
            daemon.events.publish(
                EngineEvent(
                    type: "network", action: "create", id: record.id,
                    attributes: ["name": record.name, "type": "bridge"]))
            return try .json(NetworkCreateResponse(id: record.id, warning: ""), status: .created)
        }
        router.add(.DELETE, "/networks/{id}") { request in
            let record = try network { try manager.inspect(try request.parameter("id")) }
            guard record.endpoints.isEmpty else {
                throw APIError.conflict(
                    "error while removing network: network \(record.name) id \(record.id) has active endpoints")
            }
            try network { try manager.remove(record.id) }
            daemon.events.publish(
                EngineEvent(
                    type: "network", action: "destroy", id: record.id,
                    attributes: ["name": record.name, "type": "bridge"]))
            return .empty(.noContent)
        }
        router.add(.POST, "/networks/prune") { request in
            let filters = try QueryFilters.parse(request)
            var labels: [String: String] = [:]
            for label in filters["label"] ?? [] {
                let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
                labels[parts[0]] = parts.count == 2 ? parts[1] : ""
            }
            return try .json(["NetworksDeleted": manager.prune(labels: labels)])
        }
        registerAttach(on: &router, daemon: daemon, manager: manager)
    }

    private static func registerAttach(on router: inout Router, daemon: DaemonState, manager: NetworkManager) {
        router.add(.POST, "/networks/{id}/connect") { request in
            let body = try request.decodeBody(NetworkConnectRequest.self)
            let record = try daemon.containers.engine { try daemon.containers.store.inspect(body.container) }
            if record.state.status != .running && record.state.status != .paused {
                // Not running: the network joins the create request, and start attaches it (as dockerd).
                let name = try network { try manager.inspect(try request.parameter("id")) }.name
                try daemon.containers.updateEndpoints(record.id) {
                    $0[name] = body.endpointConfig ?? EndpointSettings()
                }
                return .empty(.ok)
            }
            guard record.state.status == .running,
                let namespace = manager.endpoints(containerID: record.id).first?.namespacePath
            else {
                throw APIError.conflict(
                    "container \(body.container) is not running on a bridge network: connect it at create")
            }
            let endpoint = try network {
                try manager.connect(
                    containerID: record.id, containerName: record.name, namespacePath: namespace,
                    network: try request.parameter("id"), aliases: body.endpointConfig?.aliases ?? [],
                    ipv4Address: body.endpointConfig?.ipamConfig?.ipv4Address, hostname: record.config.spec.hostname)
            }
            try daemon.containers.recordNetwork(
                record.id, name: endpoint.networkName, requested: body.endpointConfig,
                settings: NetworkAttachments.settings(endpoint, requested: body.endpointConfig))
            daemon.events.publish(
                EngineEvent(
                    type: "network", action: "connect", id: endpoint.networkID,
                    attributes: ["container": record.id, "name": endpoint.networkName]))
            return .empty(.ok)
        }
        router.add(.POST, "/networks/{id}/disconnect") { request in
            let body = try request.decodeBody(NetworkDisconnectRequest.self)
            let id = (try? daemon.containers.store.resolve(body.container)) ?? body.container
            if let record = try? daemon.containers.store.inspect(id), record.state.status != .running,
                record.state.status != .paused
            {
                let found = try network { try manager.inspect(try request.parameter("id")) }
                try daemon.containers.updateEndpoints(id) { endpoints in
                    endpoints[found.name] = nil
                    endpoints[found.id] = nil
                }
                return .empty(.ok)
            }
            let found = try network { try manager.inspect(try request.parameter("id")) }
            try network { try manager.disconnect(containerID: id, network: found.id) }
            try daemon.containers.recordNetwork(id, name: found.name, requested: nil, settings: nil)
            daemon.events.publish(
                EngineEvent(
                    type: "network", action: "disconnect", id: found.id,
                    attributes: ["container": id, "name": found.name]))
            return .empty(.ok)
        }
    }

    private static func translate(_ body: EngineAPI.NetworkCreateRequest) throws -> BerthNetwork.NetworkCreateRequest {
        guard body.driver == nil || body.driver == "bridge" || body.driver == "" else {
            throw APIError.badRequest("Driver: network driver \"\(body.driver ?? "")\" is not supported (bridge)")
        }
        let blocks = (body.ipam?.config ?? []).map {
            BerthNetwork.NetworkCreateRequest.IPAMBlock(subnet: $0.subnet, gateway: $0.gateway, ipRange: $0.ipRange)
        }
        return BerthNetwork.NetworkCreateRequest(
            name: body.name, ipam: blocks, isInternal: body.internal ?? false, isAttachable: body.attachable ?? false,
            enableIPv6: body.enableIPv6 ?? false, labels: body.labels ?? [:], options: body.options ?? [:])
    }

    static func summary(_ record: NetworkRecord) -> NetworkSummary {
        var body = NetworkSummary(name: record.name, id: record.id, labels: record.labels)
        body.created = ISO8601DateFormatter().string(from: record.created)
        body.scope = "local"
        body.driver = record.driver
        body.enableIPv4 = true
        body.enableIPv6 = record.enableIPv6
        body.internal = record.isInternal
        body.attachable = record.isAttachable
        body.ingress = false
        body.configOnly = false
        body.options = record.options
        body.ipam = IPAM(
            driver: "default",
            config: record.ipam.map { IPAMPoolConfig(subnet: $0.subnet.description, gateway: $0.gateway.description) },
            options: [:])
        var containers: [String: NetworkContainer] = [:]
        for (id, endpoint) in record.endpoints {
            var entry = NetworkContainer(name: endpoint.containerName)
            entry.macAddress = endpoint.macAddress
            entry.ipv4Address = endpoint.ipv4Address.map { "\($0)/\(endpoint.ipv4Prefix)" } ?? ""
            entry.ipv6Address = endpoint.ipv6Address.map { "\($0)/\(endpoint.ipv6Prefix)" } ?? ""
            containers[id] = entry
        }
        body.containers = containers
        return body
    }

    private static func matches(_ record: NetworkRecord, _ filters: [String: [String]]) -> Bool {
        for (key, values) in filters where !values.isEmpty {
            // As dockerd: every label must match; the values of any other key are alternatives.
            let test = { (value: String) -> Bool in
                switch key {
                case "name": return record.name.contains(value)
                case "id": return record.id.hasPrefix(value)
                case "driver": return record.driver == value
                case "label":
                    let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                    guard let actual = record.labels[parts[0]] else { return false }
                    return parts.count == 1 || actual == parts[1]
                default: return true
                }
            }
            let ok = key == "label" ? values.allSatisfy(test) : values.contains(where: test)
            if !ok { return false }
        }
        return true
    }

    static func network<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw NetworkAttachments.apiError(error)
        }
    }
}
