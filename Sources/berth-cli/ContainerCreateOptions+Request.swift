import ArgumentParser
import EngineAPI
import Foundation

/// What a translation may read besides the flags: the CLI's folder (relative bind sources), its
/// environment (`-e NAME`) and files (`--security-opt seccomp=PATH`). Tests pass fakes.
struct RequestContext {
    /// The folder relative bind-mount sources are resolved against.
    var workingDirectory: String
    /// The CLI's environment.
    var environment: [String: String]
    /// Reads a file's text.
    var readFile: (String) throws -> String

    /// The running CLI's folder, environment and file system.
    static var current: RequestContext {
        RequestContext(
            workingDirectory: FileManager.default.currentDirectoryPath,
            environment: ProcessInfo.processInfo.environment,
            readFile: { try String(contentsOfFile: $0, encoding: .utf8) })
    }
}

/// `run`/`create` flags as the body of `POST /containers/create`, the way the docker CLI builds it.
extension ContainerCreateOptions {
    /// The create request for IMAGE [COMMAND...] and the flags; `attached` sets the Attach* fields
    /// (`run` without `-d`).
    func createRequest(publish: [String], attached: Bool, context: RequestContext) throws -> ContainerCreateRequest {
        guard let image = arguments.first, !image.isEmpty else {
            throw CommandError("give an IMAGE (or --rootfs FOLDER for the in-process engine)")
        }
        var config = EngineAPI.ContainerConfig()
        config.image = image
        let command = Array(arguments.dropFirst())
        config.cmd = command.isEmpty ? nil : command
        config.entrypoint = entrypoint.map { $0.isEmpty ? [] : [$0] }
        config.env = environment(context.environment)
        config.user = user
        config.workingDir = workdir
        config.hostname = hostname
        config.labels = label.isEmpty ? nil : Dictionary(label.map(keyValue), uniquingKeysWith: { $1 })
        config.stopSignal = stopSignal == "TERM" ? nil : stopSignal
        config.stopTimeout = stopTimeout
        config.tty = tty
        config.openStdin = interactive
        config.stdinOnce = interactive
        config.attachStdin = attached && interactive
        config.attachStdout = attached
        config.attachStderr = attached
        var host = try hostConfig(context: context)
        try applyVolumes(config: &config, host: &host, context: context)
        let ports = try publish.flatMap(PublishedPort.parse)
        if !ports.isEmpty {
            config.exposedPorts = Dictionary(ports.map { ($0.key, EmptyObject()) }, uniquingKeysWith: { $1 })
            host.portBindings = Dictionary(grouping: ports, by: \.key).mapValues { $0.map(\.binding) }
        }
        return ContainerCreateRequest(config: config, hostConfig: host, networkingConfig: .naming(network))
    }

    /// `-e NAME=VALUE` as given; `-e NAME` takes the CLI's value and is left out when it has none.
    private func environment(_ current: [String: String]) -> [String]? {
        let entries = env.compactMap { entry -> String? in
            if entry.contains("=") { return entry }
            return current[entry].map { "\(entry)=\($0)" }
        }
        return entries.isEmpty ? nil : entries
    }

    private func hostConfig(context: RequestContext) throws -> HostConfig {
        var host = HostConfig()
        host.networkMode = network
        host.memory = try memory.map { try parseBytes($0, field: "--memory") }
        host.nanoCpus = try cpus.map { cpus in
            guard cpus > 0, cpus < 1e6 else { throw CommandError("--cpus \(cpus): must be a positive number") }
            return Int64(cpus * 1e9)
        }
        host.pidsLimit = pidsLimit
        host.capAdd = capAdd.isEmpty ? nil : capAdd
        host.capDrop = capDrop.isEmpty ? nil : capDrop
        host.privileged = privileged ? true : nil
        host.usernsMode = userns
        host.readonlyRootfs = readOnly ? true : nil
        host.securityOpt = try securityOpt.isEmpty ? nil : securityOpt.map { try securityOption($0, context) }
        host.restartPolicy = try restartPolicy()
        if !logOpt.isEmpty {
            host.logConfig = LogConfig(config: Dictionary(logOpt.map(keyValue), uniquingKeysWith: { $1 }))
        }
        host.`init` = initProcess ? true : nil
        host.shmSize = try shmSize.map { try parseBytes($0, field: "--shm-size") }
        return host
    }

    /// `seccomp=PATH` carries the profile's text, as the daemon takes it (the docker CLI does the same).
    private func securityOption(_ option: String, _ context: RequestContext) throws -> String {
        let (key, value) = keyValue(option)
        guard key == "seccomp", value != "unconfined", !value.isEmpty else { return option }
        do {
            return "seccomp=" + (try context.readFile(value))
        } catch {
            throw CommandError("--security-opt seccomp=\(value): cannot read the profile: \(error)")
        }
    }

    /// `no`, `always`, `unless-stopped`, `on-failure[:N]`.
    private func restartPolicy() throws -> RestartPolicy? {
        let parts = restart.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, name != "no" else { return nil }
        guard ["always", "unless-stopped", "on-failure"].contains(name) else {
            throw CommandError("--restart \(restart): expected no, always, unless-stopped or on-failure[:N]")
        }
        guard parts.count == 2 else { return RestartPolicy(name: name) }
        guard name == "on-failure", let count = Int(parts[1]), count >= 0 else {
            throw CommandError("--restart \(restart): only on-failure takes a retry count (on-failure:N)")
        }
        return RestartPolicy(name: name, maximumRetryCount: count)
    }
}
