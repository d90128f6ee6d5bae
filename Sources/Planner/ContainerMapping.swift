import ComposeSpec
import EngineAPI

/// Maps a compose service onto the Docker Engine API request that creates one of its containers, following
/// docker/compose's rules (pkg/compose/create.go): names, labels, networks and aliases, ports, mounts,
/// environment, health check, restart policy, resources and security options.
///
/// References to other services (`network_mode`, `ipc`, `pid: service:NAME`, `volumes_from`) are kept as
/// `service:NAME`; the executor replaces them by `container:ID` once those containers exist.
package struct ContainerMapping: Sendable {
    /// The project the services belong to.
    package var project: Project
    /// Where the project came from, for labels.
    package var metadata: ProjectMetadata

    /// Creates a mapping for `project`.
    package init(project: Project, metadata: ProjectMetadata = ProjectMetadata()) {
        self.project = project
        self.metadata = metadata
    }

    /// The name of replica `number`: `container_name`, or `<project>-<service>-<number>`.
    package func containerName(of service: Service, number: Int) -> String {
        service.containerName ?? "\(project.name)-\(service.name)-\(number)"
    }

    /// The image a service runs: `image`, or `<project>-<service>` for a service that is only built.
    package func imageName(of service: Service) -> String {
        service.image ?? "\(project.name)-\(service.name)"
    }

    /// The number of replicas: `scale`, else `deploy.replicas`, else 1.
    package static func replicas(of service: Service) -> Int {
        service.scale ?? service.deploy?.replicas ?? 1
    }

    /// The request that creates replica `number` of `service`.
    /// - Parameters:
    ///   - service: the service.
    ///   - number: the replica number (ignored for one-off containers).
    ///   - imageID: the ID of the image, recorded in `com.docker.compose.image` when known.
    ///   - options: what differs between `up`, `run` and recreation.
    /// - Returns: the body of `POST /containers/create`.
    /// - Throws: `PlannerError` when the service cannot be hashed or holds a value the engine cannot take.
    package func request(
        for service: Service, number: Int, imageID: String? = nil, options: MappingOptions = MappingOptions()
    ) throws(PlannerError) -> ContainerCreateRequest {
        let name = options.name ?? containerName(of: service, number: number)
        var config = try containerConfig(for: service, number: number, imageID: imageID, options: options)
        config.labels = try labels(for: service, number: number, imageID: imageID, options: options)
        var host = try hostConfig(for: service, options: options)
        let (mode, networking) = try networkSettings(for: service, containerName: name, options: options)
        host.networkMode = mode
        host.links = links(for: service, number: number)
        if var networking, let mode, var primary = networking.endpointsConfig?[mode], let links = host.links {
            primary.links = links
            networking.endpointsConfig?[mode] = primary
            return ContainerCreateRequest(config: config, hostConfig: host, networkingConfig: networking)
        }
        return ContainerCreateRequest(config: config, hostConfig: host, networkingConfig: networking)
    }

    private func containerConfig(
        for service: Service, number: Int, imageID: String?, options: MappingOptions
    ) throws(PlannerError) -> ContainerConfig {
        var config = ContainerConfig()
        config.image = imageName(of: service)
        config.hostname = service.hostname
        config.domainname = service.domainName
        config.user = service.user
        config.workingDir = service.workingDir
        config.tty = service.tty
        config.openStdin = service.stdinOpen
        config.attachStdin = options.attachStdin ? true : nil
        config.stdinOnce = options.attachStdin && service.stdinOpen == true ? true : nil
        config.attachStdout = true
        config.attachStderr = true
        config.cmd = service.command?.arguments
        config.entrypoint = service.entrypoint?.arguments
        config.env = Self.environment(of: service)
        config.stopSignal = service.stopSignal
        config.stopTimeout = service.stopGracePeriod.map { Int($0.nanoseconds / 1_000_000_000) }
        config.healthcheck = Self.healthConfig(of: service.healthcheck)
        config.exposedPorts = try Self.exposedPorts(of: service)
        if service.networkMode == "disabled" { config.networkDisabled = true }
        return config
    }

    /// `NAME=value` lines, sorted; a variable without a value is passed as `NAME`, as docker/compose does.
    static func environment(of service: Service) -> [String]? {
        guard let environment = service.environment, !environment.isEmpty else { return nil }
        return environment.keys.sorted().map { key in
            guard let value = environment[key] ?? nil else { return key }
            return "\(key)=\(value)"
        }
    }

    /// Docker's health check: durations in nanoseconds, `disable` as `["NONE"]`.
    static func healthConfig(of check: HealthCheck?) -> HealthConfig? {
        guard let check else { return nil }
        var health = HealthConfig()
        if check.disable == true {
            health.test = ["NONE"]
            return health
        }
        health.test = check.test?.arguments
        health.interval = check.interval?.nanoseconds
        health.timeout = check.timeout?.nanoseconds
        health.startPeriod = check.startPeriod?.nanoseconds
        health.startInterval = check.startInterval?.nanoseconds
        health.retries = check.retries.map { Int(clamping: $0) }
        return health
    }

    private func labels(
        for service: Service, number: Int, imageID: String?, options: MappingOptions
    ) throws(PlannerError) -> [String: String] {
        var labels = service.labels ?? [:]
        labels[Labels.project] = project.name
        labels[Labels.service] = service.name
        labels[Labels.version] = metadata.version
        labels[Labels.workingDir] = metadata.workingDirectory
        labels[Labels.configFiles] = metadata.configFiles.joined(separator: ",")
        if !metadata.environmentFiles.isEmpty {
            labels[Labels.environmentFile] = metadata.environmentFiles.joined(separator: ",")
        }
        labels[Labels.oneoff] = options.isOneOff ? "True" : "False"
        if !options.isOneOff { labels[Labels.containerNumber] = String(number) }
        do {
            labels[Labels.configHash] = try ConfigHash.hash(of: service, in: project)
        } catch {
            throw PlannerError(.invalidProject, "service \"\(service.name)\": cannot compute config hash", cause: error)
        }
        labels[Labels.dependsOn] = Self.dependsOnLabel(of: service)
        if let imageID { labels[Labels.image] = imageID }
        return labels
    }

    /// `name:condition:restart` per dependency, sorted, joined with commas (docker/compose's format).
    static func dependsOnLabel(of service: Service) -> String {
        (service.dependsOn ?? [:]).keys.sorted().compactMap { name in
            guard let dependency = service.dependsOn?[name] else { return nil }
            return "\(name):\(dependency.condition):\(dependency.restart ?? false)"
        }.joined(separator: ",")
    }
}

/// What differs between the containers of `up`, `run` and recreation.
package struct MappingOptions: Sendable, Equatable {
    /// The container's name, instead of `<project>-<service>-<number>` (`run --name`, a temporary name).
    package var name: String?
    /// Whether it is a one-off container of `run` (no container number, `oneoff=True`).
    package var isOneOff: Bool
    /// Whether the service's name and aliases are network aliases (false for `run` without --use-aliases).
    package var usesNetworkAliases: Bool
    /// Whether the engine removes the container when it exits (`run --rm`).
    package var autoRemove: Bool
    /// Whether standard input is attached (`run` with a terminal or `-i`).
    package var attachStdin: Bool
    /// Volumes of the container being replaced, kept at the same paths (anonymous volumes, unless -V).
    package var inheritedVolumes: [String: String]

    /// Creates options for an `up` container.
    package init(
        name: String? = nil, isOneOff: Bool = false, usesNetworkAliases: Bool = true, autoRemove: Bool = false,
        attachStdin: Bool = false, inheritedVolumes: [String: String] = [:]
    ) {
        self.name = name
        self.isOneOff = isOneOff
        self.usesNetworkAliases = usesNetworkAliases
        self.autoRemove = autoRemove
        self.attachStdin = attachStdin
        self.inheritedVolumes = inheritedVolumes
    }
}
