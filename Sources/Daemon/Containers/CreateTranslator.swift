import Engine
import EngineAPI
import Foundation

/// A container create request turned into the engine's config, plus the volumes it needs.
struct CreateTranslation {
    var config: Engine.ContainerConfig
    /// Named volumes to make when missing (Docker creates them on first use).
    var volumes: [String] = []
    /// Anonymous volumes made for the image's VOLUME paths and `-v /path` mounts.
    var anonymousVolumes: [String] = []
}

/// Turns Docker's create body (Config + HostConfig) and an image into an `Engine.ContainerConfig`,
/// with Docker's rules for command, environment and defaults. Errors are 400s naming the field.
struct CreateTranslator {
    var request: ContainerCreateRequest
    var image: ImageDefaults
    /// The mountpoint of a volume, by name.
    var volumeMountpoint: (String) -> String
    /// The daemon's `userns-remap` namespace (every container's unless UsernsMode is host); nil when off.
    var userNamespaceRemap: UserNamespace? = nil

    func translate(name: String) throws -> CreateTranslation {
        let config = request.config
        let host = request.hostConfig ?? HostConfig()
        var spec = ContainerSpec(root: .directory("/"), args: try command())
        spec.env = Self.mergeEnvironment(image.env, config.env ?? [])
        if !spec.env.contains(where: { $0.hasPrefix("PATH=") }) {
            spec.env.insert("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", at: 0)
        }
        spec.cwd = nonEmpty(config.workingDir) ?? nonEmpty(image.workingDir) ?? "/"
        guard spec.cwd.hasPrefix("/") else {
            throw APIError.badRequest(
                "Config.WorkingDir: the working directory '\(spec.cwd)' is invalid, it needs to be an absolute path")
        }
        spec.user = nonEmpty(config.user) ?? nonEmpty(image.user)
        spec.hostname = nonEmpty(config.hostname)
        try NamespaceModes.apply(host, remap: userNamespaceRemap, to: &spec)
        try SecurityOptions.apply(host, to: &spec)
        try ResourceTranslation.apply(host, to: &spec)
        if host.`init` == true { spec.initProcess = true }
        if let size = host.shmSize, size != 0 {
            guard size > 0 else { throw APIError.badRequest("HostConfig.ShmSize: SHM size can not be less than 0") }
            spec.shmSize = size
        }
        var translation = CreateTranslation(config: Engine.ContainerConfig(spec: spec))
        try MountTranslation(host: host, imageVolumes: image.volumes, mountpoint: volumeMountpoint)
            .apply(to: &translation)
        try applyContainerFields(&translation.config, name: name, host: host)
        return translation
    }

    /// Entrypoint and Cmd as Docker combines them: a request Entrypoint drops the image's Cmd.
    private func command() throws -> [String] {
        let config = request.config
        let args: [String]
        if let entrypoint = config.entrypoint, !entrypoint.isEmpty {
            args = entrypoint + (config.cmd ?? [])
        } else if config.entrypoint != nil {
            args = config.cmd ?? []
        } else {
            args = (image.entrypoint ?? []) + (config.cmd ?? image.cmd ?? [])
        }
        guard !args.isEmpty else { throw APIError.badRequest("Config.Cmd: no command specified") }
        return args
    }

    private func applyContainerFields(_ target: inout Engine.ContainerConfig, name: String, host: HostConfig) throws {
        let config = request.config
        target.name = name
        target.image = config.image ?? ""
        target.imageID = image.id
        target.layers = image.layers
        target.labels = image.labels.merging(config.labels ?? [:]) { $1 }
        target.tty = config.tty ?? false
        target.openStdin = config.openStdin ?? false
        target.stopSignal = try SignalNames.parse(
            nonEmpty(config.stopSignal) ?? nonEmpty(image.stopSignal) ?? "SIGTERM", field: "Config.StopSignal")
        target.stopTimeout = config.stopTimeout ?? 10
        target.healthcheck = try Self.healthcheck(config.healthcheck ?? image.healthcheck)
        target.dns = host.dns ?? []
        target.dnsSearch = host.dnsSearch ?? []
        target.extraHosts = host.extraHosts ?? []
        target.autoRemove = host.autoRemove ?? false
        target.restartPolicy = try Self.restartPolicy(host.restartPolicy, autoRemove: target.autoRemove)
        target.log = try Self.logOptions(host.logConfig)
    }

    private static func healthcheck(_ config: HealthConfig?) throws -> Engine.Healthcheck? {
        guard let config, let test = config.test, !test.isEmpty, test != ["NONE"] else { return nil }
        guard ["CMD", "CMD-SHELL"].contains(test[0]) else {
            throw APIError.badRequest("Config.Healthcheck.Test: must start with CMD, CMD-SHELL or NONE")
        }
        for (field, value) in [
            ("Interval", config.interval), ("Timeout", config.timeout), ("StartPeriod", config.startPeriod),
        ]
        where (value ?? 0) < 0 {
            throw APIError.badRequest("Config.Healthcheck.\(field): must not be negative")
        }
        return Engine.Healthcheck(
            test: test, interval: config.interval, timeout: config.timeout, startPeriod: config.startPeriod,
            retries: config.retries)
    }

    private static func restartPolicy(_ policy: EngineAPI.RestartPolicy?, autoRemove: Bool) throws
        -> Engine.RestartPolicy
    {
        let name = policy?.name ?? ""
        let parsed: Engine.RestartPolicy
        do {
            parsed = try Engine.RestartPolicy(parsing: name)
        } catch {
            throw APIError.badRequest("HostConfig.RestartPolicy.Name: invalid restart policy '\(name)'")
        }
        if case .onFailure = parsed { return .onFailure(maxRetries: policy?.maximumRetryCount ?? 0) }
        if autoRemove && parsed != .no {
            throw APIError.badRequest("HostConfig.AutoRemove: can't create 'AutoRemove' container with restart policy")
        }
        return parsed
    }

    private static func logOptions(_ config: LogConfig?) throws -> Engine.LogOptions {
        let type = config?.type ?? ""
        guard type.isEmpty || type == "json-file" || type == "local" else {
            throw APIError.badRequest("HostConfig.LogConfig.Type: log driver \"\(type)\" is not supported (json-file)")
        }
        let options = config?.config ?? [:]
        for key in options.keys where !["max-size", "max-file", "compress", "labels", "env", "tag"].contains(key) {
            throw APIError.badRequest("HostConfig.LogConfig.Config: unknown log opt '\(key)' for json-file log driver")
        }
        do {
            return try Engine.LogOptions(maxSize: options["max-size"], maxFile: options["max-file"])
        } catch {
            throw APIError.badRequest("HostConfig.LogConfig.Config: \(error)")
        }
    }

    /// Image variables first, then the request's; a later `KEY=` replaces an earlier one.
    static func mergeEnvironment(_ base: [String], _ overrides: [String]) -> [String] {
        var order: [String] = []
        var values: [String: String] = [:]
        for entry in base + overrides {
            let key = String(entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
            if values[key] == nil { order.append(key) }
            values[key] = entry
        }
        return order.compactMap { values[$0] }
    }
}

private func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
}
