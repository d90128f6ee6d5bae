import EngineAPI

extension Executor {
    /// Waits until every container of `service` meets `condition`. A dependency with `required: false`
    /// that fails gives a warning instead of an error.
    func wait(for service: String, condition: DependencyCondition, required: Bool, action: Action)
        async throws -> ActionOutput
    {
        do {
            let containers = try await containers(of: service)
            guard !containers.isEmpty else {
                throw PlannerError(.dependencyFailed, "dependency \(service) has no container")
            }
            for container in containers {
                try await wait(for: container, condition: condition)
            }
            return ActionOutput()
        } catch let error as PlannerError where !required && error.code == .dependencyFailed {
            return ActionOutput(warning: "optional dependency \(service) failed: \(error.message)")
        }
    }

    private func wait(for container: ObservedContainer, condition: DependencyCondition) async throws {
        switch condition {
        case .started:
            let state = try await client.inspectContainer(container.id).state
            if state?.status == "exited" || state?.status == "dead" {
                throw PlannerError(
                    .dependencyFailed, "container \(container.name) exited (\(state?.exitCode ?? -1))")
            }
        case .completedSuccessfully:
            let result = try await client.waitContainer(container.id, condition: .notRunning)
            guard result.statusCode == 0 else {
                throw PlannerError(
                    .dependencyFailed,
                    "service \(container.service) didn't complete successfully: container \(container.name) "
                        + "exited with code \(result.statusCode)")
            }
        case .healthy:
            try await waitHealthy(container)
        }
    }

    /// Polls inspect until the health status is `healthy`; `unhealthy`, an exit or a missing health check
    /// fail at once (docker/compose's messages).
    private func waitHealthy(_ container: ObservedContainer) async throws {
        let clock = ContinuousClock()
        let deadline = options.waitTimeout.map { clock.now + $0 }
        while true {
            let inspected = try await client.inspectContainer(container.id)
            let state = inspected.state
            if state?.status == "exited" || state?.status == "dead" {
                throw PlannerError(
                    .dependencyFailed, "container \(container.name) exited (\(state?.exitCode ?? -1))")
            }
            let test = inspected.config?.healthcheck?.test
            if test == nil || test?.first == "NONE" {
                throw PlannerError(.dependencyFailed, "container \(container.name) has no healthcheck configured")
            }
            switch state?.health?.status {
            case "healthy": return
            case "unhealthy":
                throw PlannerError(
                    .dependencyFailed, "dependency failed to start: container \(container.name) is unhealthy")
            default: break
            }
            if let deadline, clock.now >= deadline {
                throw PlannerError(.dependencyFailed, "container \(container.name) did not become healthy in time")
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }
}
