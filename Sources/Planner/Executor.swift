import EngineAPI

/// Walks a plan through an `EngineClient`: each action starts as soon as every action it depends on is
/// done, at most `parallelism` at a time. On the first failure nothing new starts; the actions under way
/// finish, and the error names the action and its cause. Actions are idempotent where the engine allows
/// (a network that exists, a container already started, stopped or gone count as done), so a run that
/// was killed halfway converges when planned and run again.
package struct Executor: Sendable {
    /// The engine.
    package let client: any EngineClient
    /// The project's name, to find a service's containers by label.
    package let project: String
    /// How the walk behaves.
    package let options: ExecutorOptions
    /// Called when an action starts, ends or fails (for progress output); on any task.
    package let progress: @Sendable (ActionEvent) -> Void

    /// Creates an executor.
    package init(
        client: any EngineClient, project: String, options: ExecutorOptions = ExecutorOptions(),
        progress: @escaping @Sendable (ActionEvent) -> Void = { _ in }
    ) {
        self.client = client
        self.project = project
        self.options = options
        self.progress = progress
    }

    /// Runs every action of `plan`.
    /// - Returns: the warnings met (dependencies with `required: false` that failed).
    /// - Throws: `PlannerError` for the first action that failed.
    @discardableResult
    package func run(_ plan: Plan) async throws(PlannerError) -> [String] {
        var state = WalkState(plan: plan)
        await withTaskGroup(of: (Int, Result<ActionOutput, PlannerError>).self) { group in
            schedule(&state, group: &group)
            while let (id, result) = await group.next() {
                state.running -= 1
                switch result {
                case .success(let output):
                    state.finish(id, output: output)
                case .failure(let error):
                    state.failures.append(error)
                }
                if state.failures.isEmpty { schedule(&state, group: &group) }
            }
        }
        if let failure = state.failures.first { throw failure }
        return state.warnings
    }

    private func schedule(
        _ state: inout WalkState, group: inout TaskGroup<(Int, Result<ActionOutput, PlannerError>)>
    ) {
        for action in state.ready(limit: max(1, options.parallelism) - state.running) {
            state.running += 1
            let created = state.created
            group.addTask {
                if Task.isCancelled {
                    return (action.id, .failure(PlannerError(.cancelled, "\(action.resource): cancelled")))
                }
                return (action.id, await perform(action, created: created))
            }
        }
    }

    private func perform(_ action: Action, created: [Int: String]) async -> Result<ActionOutput, PlannerError> {
        progress(ActionEvent(action: action, state: .started))
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let output = try await execute(action, created: created)
            progress(ActionEvent(action: action, state: .done, elapsed: clock.now - start, message: output.warning))
            return .success(output)
        } catch {
            let failure =
                error as? PlannerError
                ?? PlannerError(.engine, "\(action.resource): \(action.kind.name) failed", cause: error)
            progress(
                ActionEvent(action: action, state: .failed, elapsed: clock.now - start, message: failure.description))
            return .failure(failure)
        }
    }
}

/// How an executor walks a plan.
package struct ExecutorOptions: Sendable {
    /// The most actions under way at once (`--parallel`). Engine calls mostly wait on the daemon, so a
    /// little above the core count keeps it busy without flooding it; 4 suits the 2-core machines.
    package var parallelism: Int
    /// The time between two health checks of a dependency (docker/compose polls every 500 ms).
    package var pollInterval: Duration
    /// How long a dependency may take to become healthy or complete; nil waits as long as it takes.
    package var waitTimeout: Duration?

    /// Creates options.
    package init(parallelism: Int = 4, pollInterval: Duration = .milliseconds(500), waitTimeout: Duration? = nil) {
        self.parallelism = parallelism
        self.pollInterval = pollInterval
        self.waitTimeout = waitTimeout
    }
}

/// The progress of one action, for the terminal or `--progress json`.
package struct ActionEvent: Sendable {
    /// The action.
    package var action: Action
    /// Where it is.
    package var state: State
    /// How long it took, once it ended.
    package var elapsed: Duration?
    /// A warning or the error, when there is one.
    package var message: String?

    /// Creates an event.
    package init(action: Action, state: State, elapsed: Duration? = nil, message: String? = nil) {
        self.action = action
        self.state = state
        self.elapsed = elapsed
        self.message = message
    }

    /// Where an action is.
    package enum State: Sendable, Equatable {
        /// Under way.
        case started
        /// Done.
        case done
        /// Failed.
        case failed
    }
}

/// What an action leaves behind for the actions after it.
struct ActionOutput: Sendable {
    /// The ID of the container a create made.
    var containerID: String?
    /// A warning (a dependency with `required: false` that failed).
    var warning: String?
}

/// The bookkeeping of one walk; owned by the walking task only.
struct WalkState {
    let plan: Plan
    var pending: [Int]
    var finished: Set<Int> = []
    var running = 0
    var created: [Int: String] = [:]
    var failures: [PlannerError] = []
    var warnings: [String] = []

    init(plan: Plan) {
        self.plan = plan
        self.pending = plan.actions.map(\.id)
    }

    /// Up to `limit` actions whose dependencies are all done, removed from `pending`, in plan order.
    mutating func ready(limit: Int) -> [Action] {
        guard limit > 0 else { return [] }
        var result: [Action] = []
        for id in pending where result.count < limit {
            guard let action = plan.action(id), action.dependencies.allSatisfy(finished.contains) else { continue }
            result.append(action)
        }
        let taken = Set(result.map(\.id))
        pending.removeAll { taken.contains($0) }
        return result
    }

    mutating func finish(_ id: Int, output: ActionOutput) {
        finished.insert(id)
        if let containerID = output.containerID { created[id] = containerID }
        if let warning = output.warning { warnings.append(warning) }
    }
}
