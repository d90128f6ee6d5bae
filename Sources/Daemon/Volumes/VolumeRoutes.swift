import EngineAPI
import Foundation

/// `/volumes`: list, create, inspect, remove, prune.
enum VolumeRoutes {
    private struct PruneBody: Encodable {
        var VolumesDeleted: [String]
        var SpaceReclaimed: Int
    }

    static func register(on router: inout Router, daemon: DaemonState) {
        let store = daemon.volumes
        router.add(.GET, "/volumes") { request in
            let filters = try QueryFilters.parse(request)
            let volumes = store.list().filter { volume in
                matches(volume, filters, inUse: !daemon.volumeUsers(volume.name).isEmpty)
            }
            return try .json(VolumeListResponse(volumes: volumes, warnings: []))
        }
        router.add(.POST, "/volumes/create") { request in
            let body = try request.decodeBody(VolumeCreateRequest.self)
            let volume = try store.create(
                name: body.name ?? "", driver: body.driver ?? "local", options: body.driverOpts ?? [:],
                labels: body.labels ?? [:])
            daemon.events.publish(EngineEvent(type: "volume", action: "create", id: volume.name))
            return try .json(volume, status: .created)
        }
        router.add(.GET, "/volumes/{name}") { request in try .json(store.inspect(try request.parameter("name"))) }
        router.add(.DELETE, "/volumes/{name}") { request in
            let name = try request.parameter("name")
            try store.remove(name, inUseBy: daemon.volumeUsers(name))
            daemon.events.publish(EngineEvent(type: "volume", action: "destroy", id: name))
            return .empty(.noContent)
        }
        router.add(.POST, "/volumes/prune") { request in
            let filters = try QueryFilters.parse(request)
            var deleted: [String] = []
            // dockerd prunes only anonymous volumes unless `all=true` is given.
            let all = filters["all"]?.contains { $0 == "true" || $0 == "1" } ?? false
            for volume in store.list() where daemon.volumeUsers(volume.name).isEmpty {
                let anonymous = volume.labels?["com.docker.volume.anonymous"] != nil || isAnonymous(volume.name)
                guard all || anonymous else { continue }
                guard matches(volume, filters.filter { $0.key == "label" }, inUse: false) else { continue }
                if (try? store.remove(volume.name, inUseBy: [])) != nil { deleted.append(volume.name) }
            }
            return try .json(PruneBody(VolumesDeleted: deleted, SpaceReclaimed: 0))
        }
    }

    private static func isAnonymous(_ name: String) -> Bool {
        name.count == 64 && name.allSatisfy(\.isHexDigit)
    }

    private static func matches(_ volume: Volume, _ filters: [String: [String]], inUse: Bool) -> Bool {
        for (key, values) in filters where !values.isEmpty {
            // As dockerd: every label must match; the values of any other key are alternatives.
            let test = { (value: String) -> Bool in
                switch key {
                case "name": return volume.name.contains(value)
                case "driver": return volume.driver == value
                case "dangling": return (value == "true" || value == "1") != inUse
                case "label":
                    let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                    guard let actual = volume.labels?[parts[0]] else { return false }
                    return parts.count == 1 || actual == parts[1]
                default: return true
                }
            }
            let ok = key == "label" ? values.allSatisfy(test) : values.contains(where: test)
            if !ok { return false }
        }
        return true
    }
}
