import ComposeSpec
import EngineAPI

extension ContainerMapping {
    /// Volumes, binds, tmpfs, secrets and configs. As docker/compose does, simple binds and named volumes
    /// go in `Binds` (so the engine creates a missing host path for the short syntax) and everything that
    /// needs options only the mount API has goes in `Mounts`. Both are sorted by target.
    func applyMounts(of service: Service, options: MappingOptions, to host: inout HostConfig) throws(PlannerError) {
        var binds: [String] = []
        var mounts: [EngineAPI.Mount] = []
        var targets = Set<String>()
        for volume in (service.volumes ?? []).sorted(by: { ($0.target ?? "") < ($1.target ?? "") }) {
            guard let target = volume.target else {
                throw PlannerError(.invalidProject, "service \"\(service.name)\": a volume has no target")
            }
            targets.insert(target)
            if let bind = bindString(for: volume, target: target) {
                binds.append(bind)
            } else {
                mounts.append(mount(for: volume, target: target, options: options))
            }
        }
        // Anonymous volumes of the replaced container that the image declares keep their data.
        for (target, name) in options.inheritedVolumes.sorted(by: { $0.key < $1.key }) where !targets.contains(target) {
            targets.insert(target)
            mounts.append(EngineAPI.Mount(type: "volume", source: name, target: target))
        }
        mounts += try fileMounts(of: service, skipping: targets)
        host.binds = binds.isEmpty ? nil : binds
        host.mounts = mounts.isEmpty ? nil : mounts.sorted { ($0.target ?? "") < ($1.target ?? "") }
    }

    /// The `Binds` form `SOURCE:TARGET:rw|ro[,z][,nocopy]`, or nil when the mount needs the mount API.
    private func bindString(for volume: ServiceVolume, target: String) -> String? {
        let access = volume.readOnly == true ? "ro" : "rw"
        switch volume.type {
        case "bind":
            guard let source = volume.source else { return nil }
            if let bind = volume.bind {
                guard bind.createHostPath == true, bind.propagation == nil, bind.recursive == nil else { return nil }
            }
            let selinux = volume.bind?.selinux.map { [$0] } ?? []
            return "\(source):\(target):" + ([access] + selinux).joined(separator: ",")
        case "volume":
            guard let source = volume.source, !source.isEmpty, let named = project.volumes[source] else { return nil }
            if let options = volume.volume {
                guard options.labels?.isEmpty ?? true, options.subpath == nil, options.noCopy != true else {
                    return nil
                }
            }
            return "\(named.name ?? source):\(target):\(access)"
        default:
            return nil
        }
    }

    private func mount(for volume: ServiceVolume, target: String, options: MappingOptions) -> EngineAPI.Mount {
        var source = volume.source
        if volume.type == "volume" {
            if let key = source, !key.isEmpty, let named = project.volumes[key] {
                source = named.name ?? key
            } else if source?.isEmpty ?? true {
                source = options.inheritedVolumes[target]
            }
        }
        var mount = EngineAPI.Mount(type: volume.type ?? "volume", source: source, target: target)
        mount.readOnly = volume.readOnly == true ? true : nil
        mount.consistency = volume.consistency
        if let bind = volume.bind, volume.type == "bind" {
            var options = EngineAPI.Mount.BindOptions()
            options.propagation = bind.propagation
            options.createMountpoint = bind.createHostPath == true ? true : nil
            switch bind.recursive {
            case "disabled": options.nonRecursive = true
            case "writable": options.readOnlyNonRecursive = true
            case "readonly": options.readOnlyForceRecursive = true
            default: break
            }
            mount.bindOptions = options
        }
        if let settings = volume.volume, volume.type == "volume" {
            var options = EngineAPI.Mount.VolumeOptions()
            options.noCopy = settings.noCopy
            options.labels = settings.labels
            options.subpath = settings.subpath
            if options != EngineAPI.Mount.VolumeOptions() { mount.volumeOptions = options }
        }
        if let tmpfs = volume.tmpfs, volume.type == "tmpfs" {
            mount.tmpfsOptions = EngineAPI.Mount.TmpfsOptions(sizeBytes: tmpfs.size?.bytes, mode: tmpfs.mode)
        }
        return mount
    }

    /// File-based secrets (at `/run/secrets/NAME`) and configs (at `/NAME`) without uid, gid or mode,
    /// bound read-only. The others are copied in before the container starts (`injectedFiles`).
    private func fileMounts(of service: Service, skipping taken: Set<String>) throws(PlannerError) -> [EngineAPI.Mount]
    {
        var mounts: [EngineAPI.Mount] = []
        var taken = taken
        for reference in try fileReferences(of: service) {
            guard case .file(let file) = reference.source, !reference.hasOwnership else { continue }
            guard taken.insert(reference.target).inserted else { continue }
            mounts.append(EngineAPI.Mount(type: "bind", source: file, target: reference.target, readOnly: true))
        }
        return mounts
    }

    /// The configs and secrets of `service` that are copied into its containers before they start:
    /// inline or environment content, and files whose reference sets uid, gid or mode.
    package func injectedFiles(of service: Service) throws(PlannerError) -> [InjectedFile] {
        var files: [InjectedFile] = []
        for reference in try fileReferences(of: service) {
            if case .file = reference.source, !reference.hasOwnership { continue }
            files.append(try reference.injected(service: service.name))
        }
        return files
    }

    /// Every config and secret reference of `service`, resolved against the project's definitions.
    private func fileReferences(of service: Service) throws(PlannerError) -> [ResolvedFileReference] {
        var result: [ResolvedFileReference] = []
        let kinds: [(String, [ServiceFileReference]?, [String: FileObject], String)] = [
            ("secret", service.secrets, project.secrets, "/run/secrets/"),
            ("config", service.configs, project.configs, "/"),
        ]
        for (kind, references, objects, folder) in kinds {
            for reference in references ?? [] {
                guard let source = reference.source, let object = objects[source] else {
                    throw PlannerError(
                        .invalidProject,
                        "service \"\(service.name)\": \(kind) \"\(reference.source ?? "")\" is not defined")
                }
                if object.external == true {
                    throw PlannerError(
                        .invalidProject, "service \"\(service.name)\": external \(kind) \"\(source)\" is not supported")
                }
                let content: InjectedFile.Source
                if let file = object.file {
                    content = .file(file)
                } else if let text = object.content {
                    content = .content(text)
                } else {
                    let variable = object.environment.map { "environment variable \"\($0)\" is not set" }
                    throw PlannerError(
                        .invalidProject,
                        "service \"\(service.name)\": \(kind) \"\(source)\": \(variable ?? "no file, environment or content")"
                    )
                }
                result.append(
                    ResolvedFileReference(
                        kind: kind, name: source, target: Self.fileTarget(reference.target ?? source, folder: folder),
                        source: content, reference: reference))
            }
        }
        return result
    }

    /// Where a secret or config goes: its target when absolute, else under the default folder.
    static func fileTarget(_ target: String, folder: String) -> String {
        target.hasPrefix("/") ? target : folder + target
    }
}

/// A service's config or secret reference with its definition looked up.
private struct ResolvedFileReference {
    var kind: String
    var name: String
    var target: String
    var source: InjectedFile.Source
    var reference: ServiceFileReference

    /// Whether the reference asks for an owner or mode, which only a copy can give.
    var hasOwnership: Bool { reference.uid != nil || reference.gid != nil || reference.mode != nil }

    func injected(service: String) throws(PlannerError) -> InjectedFile {
        func id(_ text: String?, _ field: String) throws(PlannerError) -> UInt32 {
            guard let text else { return 0 }
            guard let value = UInt32(text), value <= 0o7777777 else {
                throw PlannerError(
                    .invalidProject,
                    "service \"\(service)\": \(kind) \"\(name)\": \(field) \"\(text)\": expected a number (0-2097151)")
            }
            return value
        }
        let mode = UInt32(truncatingIfNeeded: (reference.mode?.bits ?? 0o444) & 0o7777)
        return InjectedFile(
            target: target, source: source, uid: try id(reference.uid, "uid"), gid: try id(reference.gid, "gid"),
            mode: mode)
    }
}
