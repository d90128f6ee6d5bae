import ComposeSpec
import EngineAPI

extension UpPlanner {
    /// Networks the services join: created when missing, recreated when their configuration changed.
    mutating func planNetworks(for services: [Service]) throws(PlannerError) {
        let keys = Set(services.filter { $0.networkMode == nil }.flatMap { ($0.networks ?? [:]).keys })
        for key in keys.sorted() {
            guard let config = project.networks[key] else {
                throw PlannerError(.invalidProject, "network \"\(key)\" is used by a service but not defined")
            }
            let name = config.name ?? "\(project.name)_\(key)"
            let existing = observed.network(named: name)
            if config.external == true {
                guard existing != nil else {
                    throw PlannerError(
                        .missingResource, "network \"\(name)\" declared as external, but could not be found")
                }
                continue
            }
            let hash = try Self.hash(of: config, name: "network \"\(name)\"")
            let request = networkRequest(key: key, name: name, config: config, hash: hash)
            if let existing {
                if let old = existing.labels?[Labels.configHash], old != hash {
                    planNetworkRecreation(key: key, request: request)
                }
                continue
            }
            networkNodes[key] = plan.add(.createNetwork(request), resource: "network:\(key)", cause: "not found")
        }
    }

    /// Docker Compose's answer to a network whose configuration changed: stop and disconnect the
    /// project's containers on it, remove it, create it anew. The services on it are then recreated
    /// (`mustRecreate`), their new containers joining the new network.
    /// Containers of services this `up` leaves alone (or one-off ones) on the network keep it as it is,
    /// with a warning: recreating it would cut them off.
    private mutating func planNetworkRecreation(key: String, request: NetworkCreateRequest) {
        let cause = "network \(request.name) configuration changed"
        var disconnects: [Int] = []
        let attached = observed.containers.compactMap(ObservedContainer.init).filter {
            $0.summary.networkSettings?.networks?[request.name] != nil
        }
        let untouched = attached.filter { $0.isOneOff || !selected.contains($0.service) }
        guard untouched.isEmpty else {
            plan.warnings.append(
                "network \"\(request.name)\" exists with a different configuration, but containers this up leaves "
                    + "alone use it (\(untouched.map(\.name).sorted().joined(separator: ", "))); run up for every "
                    + "service, or down, to recreate it")
            return
        }
        for container in attached {
            let resource = "service:\(container.service):\(container.isOneOff ? "run" : String(container.number))"
            let after = planStop(container, resource: resource, cause: cause)
            disconnects.append(
                plan.add(
                    .disconnectNetwork(network: request.name, container.reference), resource: resource, cause: cause,
                    after: after))
        }
        let remove = plan.add(
            .removeNetwork(name: request.name), resource: "network:\(key)", cause: "configuration changed",
            after: disconnects)
        networkNodes[key] = plan.add(
            .createNetwork(request), resource: "network:\(key)", cause: "configuration changed", after: [remove])
        recreatedNetworks.insert(key)
    }

    private func networkRequest(key: String, name: String, config: NetworkConfig, hash: String)
        -> NetworkCreateRequest
    {
        var request = NetworkCreateRequest(name: name)
        request.driver = config.driver
        request.options = config.driverOptions
        request.internal = config.internal
        request.attachable = config.attachable
        request.enableIPv4 = config.enableIPv4
        request.enableIPv6 = config.enableIPv6
        if let ipam = config.ipam, ipam.driver != nil || ipam.config != nil || ipam.options != nil {
            let pools = ipam.config?.map {
                IPAMPoolConfig(
                    subnet: $0.subnet, ipRange: $0.ipRange, gateway: $0.gateway, auxiliaryAddresses: $0.auxAddresses)
            }
            request.ipam = IPAM(driver: ipam.driver, config: pools, options: ipam.options)
        }
        request.labels = (config.labels ?? [:]).merging(
            [
                Labels.network: key, Labels.project: project.name, Labels.version: mapping.metadata.version,
                Labels.configHash: hash,
            ], uniquingKeysWith: { $1 })
        return request
    }

    /// Named volumes the services mount: created when missing, reported when their configuration changed.
    mutating func planVolumes(for services: [Service]) throws(PlannerError) {
        let keys = Set(
            services.flatMap { $0.volumes ?? [] }.filter { $0.type == "volume" }.compactMap(\.source)
                .filter { project.volumes[$0] != nil })
        for key in keys.sorted() {
            guard let config = project.volumes[key] else { continue }
            let name = config.name ?? "\(project.name)_\(key)"
            let existing = observed.volume(named: name)
            if config.external == true {
                guard existing != nil else {
                    throw PlannerError(
                        .missingResource, "volume \"\(name)\" declared as external, but could not be found")
                }
                continue
            }
            let hash = try Self.hash(of: config, name: "volume \"\(name)\"")
            if let existing {
                if let old = existing.labels?[Labels.configHash], old != hash {
                    plan.warnings.append(
                        "volume \"\(name)\" exists with a different configuration; it is used as it is "
                            + "(remove it with down -v to recreate it)")
                }
                continue
            }
            let labels = (config.labels ?? [:]).merging(
                [
                    Labels.volume: key, Labels.project: project.name, Labels.version: mapping.metadata.version,
                    Labels.configHash: hash,
                ], uniquingKeysWith: { $1 })
            let request = VolumeCreateRequest(
                name: name, driver: config.driver, driverOpts: config.driverOptions, labels: labels)
            volumeNodes[key] = plan.add(.createVolume(request), resource: "volume:\(key)", cause: "not found")
        }
    }

    /// Image pulls: `--pull` over each service's `pull_policy`; `missing` (the default) pulls only what the
    /// engine lacks. Services that are only built need their image present (berth does not build yet).
    mutating func planImages(for services: [Service]) {
        for service in services {
            let reference = mapping.imageName(of: service)
            guard imageNodes[reference] == nil else { continue }
            let isPresent = observed.images[reference] != nil
            if service.image == nil {
                if !isPresent {
                    plan.warnings.append(
                        "service \"\(service.name)\": image \(reference) must be built first; berth cannot build yet")
                }
                continue
            }
            let policy = options.pull ?? service.pullPolicy ?? "missing"
            let cause: String
            switch policy {
            case "always": cause = "pull_policy always"
            case "never", "build": continue
            default:
                guard !isPresent else { continue }
                cause = "not found"
            }
            imageNodes[reference] = plan.add(
                .pullImage(reference: reference, platform: service.platform), resource: "image:\(reference)",
                cause: cause)
        }
    }

    static func hash(of config: some Encodable, name: String) throws(PlannerError) -> String {
        do {
            return try ConfigHash.hash(of: config)
        } catch {
            throw PlannerError(.invalidProject, "\(name): cannot compute config hash", cause: error)
        }
    }
}
