import EngineAPI

/// The body of `POST /containers/create`, field for field what the full CLI sends for the same
/// flags (CLITests compare the two for every flag the quick path takes).
extension QuickArguments {
    /// The create request; `environment` gives `-e NAME` its value (left out when it has none).
    package func createRequest(environment: [String: String]) -> ContainerCreateRequest {
        let attached = command == .run && !detach
        var config = EngineAPI.ContainerConfig()
        config.image = arguments[0]
        let command = Array(arguments.dropFirst())
        config.cmd = command.isEmpty ? nil : command
        config.entrypoint = entrypoint.map { $0.isEmpty ? [] : [$0] }
        let variables = env.compactMap { entry -> String? in
            if entry.contains("=") { return entry }
            return environment[entry].map { "\(entry)=\($0)" }
        }
        config.env = variables.isEmpty ? nil : variables
        config.user = user
        config.workingDir = workdir
        config.hostname = hostname
        config.labels = labels.isEmpty ? nil : Dictionary(labels.map(Self.keyValue), uniquingKeysWith: { $1 })
        config.stopSignal = stopSignal == "TERM" ? nil : stopSignal
        config.stopTimeout = stopTimeout
        config.tty = false
        config.openStdin = false
        config.stdinOnce = false
        config.attachStdin = false
        config.attachStdout = attached
        config.attachStderr = attached
        var host = HostConfig()
        host.networkMode = network
        host.pidsLimit = pidsLimit
        host.capAdd = capAdd.isEmpty ? nil : capAdd
        host.capDrop = capDrop.isEmpty ? nil : capDrop
        host.privileged = privileged ? true : nil
        host.readonlyRootfs = readOnly ? true : nil
        host.`init` = initProcess ? true : nil
        // Detached, only the engine can remove the container (see QuickRun).
        if remove && detach { host.autoRemove = true }
        return ContainerCreateRequest(config: config, hostConfig: host, networkingConfig: .naming(network))
    }

    private static func keyValue(_ text: String) -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count == 2 ? parts[1] : "")
    }
}
