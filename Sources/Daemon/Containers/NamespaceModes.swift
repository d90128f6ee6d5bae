import Engine
import EngineAPI
import Foundation

/// HostConfig's NetworkMode, PidMode, IpcMode, UTSMode, UsernsMode and CgroupnsMode.
/// `host` leaves the namespace out (the host's is kept); `container:NAME` is joined at start,
/// when the other container's process exists.
enum NamespaceModes {
    /// A namespace to take from another container at start.
    struct Join: Codable, Sendable, Equatable {
        var namespace: ContainerSpec.Namespace
        var container: String
    }

    /// `remap`: the daemon's `userns-remap` namespace, nil when it is off.
    static func apply(_ host: HostConfig, remap: UserNamespace? = nil, to spec: inout ContainerSpec) throws {
        let network = host.networkMode ?? ""
        if network == "host" { spec.namespaces.remove(.network) }
        if network.hasPrefix("container:") { spec.namespaces.remove(.network) }
        for (field, mode, namespace) in [
            ("PidMode", host.pidMode, ContainerSpec.Namespace.pid), ("IpcMode", host.ipcMode, .ipc),
        ] {
            switch mode ?? "" {
            case "", "private", "shareable": break
            case "host": spec.namespaces.remove(namespace)
            case let value where value.hasPrefix("container:"): spec.namespaces.remove(namespace)
            case let value: throw APIError.badRequest("HostConfig.\(field): invalid \(field) '\(value)'")
            }
        }
        switch host.utsMode ?? "" {
        case "": break
        case "host": spec.namespaces.remove(.uts)
        case let value: throw APIError.badRequest("HostConfig.UTSMode: invalid UTS mode '\(value)'")
        }
        switch host.cgroupnsMode ?? "" {
        case "", "private": spec.namespaces.insert(.cgroup)
        case "host": spec.namespaces.remove(.cgroup)
        case let value: throw APIError.badRequest("HostConfig.CgroupnsMode: invalid cgroup namespace mode '\(value)'")
        }
        try applyUserNamespace(host.usernsMode ?? "", remap: remap, to: &spec)
    }

    /// Docker's UsernsMode: "" takes the daemon's `userns-remap` (none when it is off), `host` none;
    /// podman's `private` a new one with the daemon's map or berth's default (0 onto 100000, 65536 ids).
    private static func applyUserNamespace(_ mode: String, remap: UserNamespace?, to spec: inout ContainerSpec) throws {
        switch mode {
        case "": spec.userNamespace = remap
        case "host": spec.userNamespace = nil
        case "private": spec.userNamespace = remap ?? .remapped()
        default:
            throw APIError.badRequest("HostConfig.UsernsMode: invalid user namespace mode '\(mode)' (host or private)")
        }
    }

    /// The `container:NAME` modes to resolve at start.
    static func joins(_ host: HostConfig) -> [Join] {
        var joins: [Join] = []
        let modes: [(String?, ContainerSpec.Namespace)] = [
            (host.networkMode, .network), (host.pidMode, .pid), (host.ipcMode, .ipc),
        ]
        for (mode, namespace) in modes {
            if let mode, mode.hasPrefix("container:") {
                joins.append(Join(namespace: namespace, container: String(mode.dropFirst("container:".count))))
            }
        }
        return joins
    }
}

/// CapAdd, CapDrop, Privileged, SecurityOpt, ReadonlyRootfs, GroupAdd, Sysctls, Ulimits.
enum SecurityOptions {
    /// `remap`: the daemon's `userns-remap` namespace, nil when it is off.
    static func apply(_ host: HostConfig, remap: UserNamespace? = nil, to spec: inout ContainerSpec) throws {
        do {
            if !(host.capAdd ?? []).isEmpty || !(host.capDrop ?? []).isEmpty {
                spec.capabilities = try Capabilities.resolve(add: host.capAdd ?? [], drop: host.capDrop ?? [])
            }
        } catch {
            throw APIError.badRequest("HostConfig.CapAdd/CapDrop: \(error)")
        }
        if host.privileged == true { spec.makePrivileged() }
        for option in host.securityOpt ?? [] { try apply(securityOption: option, to: &spec) }
        spec.readonlyRoot = host.readonlyRootfs ?? false
        spec.additionalGroups = host.groupAdd ?? []
        spec.sysctls = host.sysctls ?? [:]
        for key in spec.sysctls.keys.sorted() {
            do {
                try Sysctls.validate(key, namespaces: spec.namespaces)
            } catch {
                throw APIError.badRequest("HostConfig.Sysctls: \(error)")
            }
        }
        spec.rlimits = try (host.ulimits ?? []).map { limit in
            do {
                return try Rlimit(
                    type: "RLIMIT_" + limit.name.uppercased(), soft: UInt64(max(0, limit.soft)),
                    hard: UInt64(max(0, limit.hard)))
            } catch {
                throw APIError.badRequest("HostConfig.Ulimits: \(limit.name): \(error)")
            }
        }
        if let paths = host.maskedPaths { spec.maskedPaths = paths }
        if let paths = host.readonlyPaths { spec.readonlyPaths = paths }
    }

    /// `seccomp=unconfined|<profile JSON>` (the docker CLI sends the file's content),
    /// `no-new-privileges[:true|=true]`; apparmor and label options are refused (neither exists here).
    private static func apply(securityOption option: String, to spec: inout ContainerSpec) throws {
        let separator = option.firstIndex { $0 == "=" || $0 == ":" }
        let key = separator.map { String(option[..<$0]) } ?? option
        let value = separator.map { String(option[option.index(after: $0)...]) } ?? ""
        switch key {
        case "seccomp":
            if value == "unconfined" {
                spec.seccomp = nil
                return
            }
            do {
                spec.seccomp = try JSONDecoder().decode(SeccompProfile.self, from: Data(value.utf8))
            } catch {
                throw APIError.badRequest("HostConfig.SecurityOpt: seccomp: the profile is not valid JSON: \(error)")
            }
        case "no-new-privileges":
            spec.noNewPrivileges = value.isEmpty || value == "true"
        default:
            throw APIError.badRequest(
                "HostConfig.SecurityOpt: \"\(option)\" is not supported (seccomp, no-new-privileges)")
        }
    }
}
