import Engine
import EngineAPI
import Foundation

/// HostConfig's Binds, Mounts and Tmpfs, and the image's VOLUME paths, as engine mounts. Named
/// volumes live in the volume store; a path with no source gets an anonymous volume.
struct MountTranslation {
    var host: HostConfig
    var imageVolumes: [String]
    var mountpoint: (String) -> String

    func apply(to translation: inout CreateTranslation) throws {
        var mounts: [ContainerSpec.Mount] = []
        for (index, bind) in (host.binds ?? []).enumerated() {
            mounts.append(try parseBind(bind, field: "HostConfig.Binds[\(index)]", into: &translation))
        }
        for (index, mount) in (host.mounts ?? []).enumerated() {
            mounts.append(try convert(mount, field: "HostConfig.Mounts[\(index)]", into: &translation))
        }
        for (destination, options) in (host.tmpfs ?? [:]).sorted(by: { $0.key < $1.key }) {
            try checkDestination(destination, field: "HostConfig.Tmpfs")
            let extra = options.split(separator: ",").map(String.init)
            mounts.append(
                ContainerSpec.Mount(
                    type: "tmpfs", source: "tmpfs", destination: destination,
                    options: ["nosuid", "nodev", "noexec"] + extra))
        }
        var taken = Set<String>()
        for mount in mounts {
            guard taken.insert(mount.destination).inserted else {
                throw APIError.badRequest("HostConfig: duplicate mount point: \(mount.destination)")
            }
        }
        for path in imageVolumes.sorted() where !taken.contains(path) {
            let name = Self.anonymousName()
            translation.anonymousVolumes.append(name)
            mounts.append(
                ContainerSpec.Mount(type: "bind", source: mountpoint(name), destination: path, options: ["rbind"]))
        }
        translation.config.spec.mounts += mounts
    }

    /// `SRC:DEST[:OPTIONS]`; SRC is a host path (absolute) or a volume name; `DEST` alone is an
    /// anonymous volume.
    private func parseBind(_ text: String, field: String, into translation: inout CreateTranslation) throws
        -> ContainerSpec.Mount
    {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw APIError.badRequest("\(field): invalid volume specification: '\(text)'")
        }
        if parts.count == 1 {
            try checkDestination(parts[0], field: field)
            let name = Self.anonymousName()
            translation.anonymousVolumes.append(name)
            return ContainerSpec.Mount(
                type: "bind", source: mountpoint(name), destination: parts[0], options: ["rbind"])
        }
        try checkDestination(parts[1], field: field)
        var options = ["rbind"]
        for option in parts.count == 3 ? parts[2].split(separator: ",").map(String.init) : [] {
            switch option {
            case "ro", "rw": options.append(option)
            case "z", "Z", "nocopy", "consistent", "cached", "delegated": break
            case "private", "rprivate", "shared", "rshared", "slave", "rslave": options.append(option)
            default: throw APIError.badRequest("\(field): invalid mode: \(option)")
            }
        }
        return ContainerSpec.Mount(
            type: "bind", source: try source(parts[0], field: field, into: &translation), destination: parts[1],
            options: options)
    }

    private func convert(_ mount: EngineAPI.Mount, field: String, into translation: inout CreateTranslation) throws
        -> ContainerSpec.Mount
    {
        let target = mount.target ?? ""
        try checkDestination(target, field: field + ".Target")
        let readOnly = mount.readOnly == true ? ["ro"] : []
        switch mount.type ?? "" {
        case "bind":
            let source = mount.source ?? ""
            guard source.hasPrefix("/") else {
                throw APIError.badRequest(
                    "\(field).Source: invalid mount config for type \"bind\": source must be an absolute path")
            }
            guard FileManager.default.fileExists(atPath: source) || mount.bindOptions?.createMountpoint == true else {
                throw APIError.badRequest(
                    "\(field).Source: invalid mount config for type \"bind\": bind source path does not exist: \(source)"
                )
            }
            let propagation = mount.bindOptions?.propagation.map { [$0] } ?? []
            return ContainerSpec.Mount(
                type: "bind", source: source, destination: target, options: ["rbind"] + readOnly + propagation)
        case "volume":
            let name = mount.source ?? ""
            let source =
                name.isEmpty
                ? anonymous(into: &translation) : try source(name, field: field + ".Source", into: &translation)
            return ContainerSpec.Mount(type: "bind", source: source, destination: target, options: ["rbind"] + readOnly)
        case "tmpfs":
            var options = ["nosuid", "nodev", "noexec"] + readOnly
            if let size = mount.tmpfsOptions?.sizeBytes, size > 0 { options.append("size=\(size)") }
            if let mode = mount.tmpfsOptions?.mode { options.append("mode=" + String(mode, radix: 8)) }
            return ContainerSpec.Mount(type: "tmpfs", source: "tmpfs", destination: target, options: options)
        case let type:
            throw APIError.badRequest("\(field).Type: mount type \"\(type)\" is not supported (bind, volume, tmpfs)")
        }
    }

    private func anonymous(into translation: inout CreateTranslation) -> String {
        let name = Self.anonymousName()
        translation.anonymousVolumes.append(name)
        return mountpoint(name)
    }

    private func source(_ text: String, field: String, into translation: inout CreateTranslation) throws -> String {
        if text.hasPrefix("/") { return text }
        guard VolumeStore.isValidName(text) else {
            throw APIError.badRequest("\(field): \"\(text)\" includes invalid characters for a local volume name")
        }
        if !translation.volumes.contains(text) { translation.volumes.append(text) }
        return mountpoint(text)
    }

    private func checkDestination(_ path: String, field: String) throws {
        guard path.hasPrefix("/") else {
            throw APIError.badRequest("\(field): invalid mount path: '\(path)' mount path must be absolute")
        }
        guard path != "/" else {
            throw APIError.badRequest("\(field): invalid specification: destination can't be '/'")
        }
    }

    static func anonymousName() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
