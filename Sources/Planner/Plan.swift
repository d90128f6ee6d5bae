/// A DAG of engine actions that makes the engine match a project, with the warnings met while planning
/// (orphans left in place, networks or volumes whose configuration changed).
package struct Plan: Sendable, Equatable {
    /// The actions, in creation order; an action's dependencies always come before it.
    package var actions: [Action] = []
    /// Things the user should know that the plan does not change.
    package var warnings: [String] = []

    /// Creates an empty plan.
    package init() {}

    /// Whether there is nothing to do.
    package var isEmpty: Bool { actions.isEmpty }

    /// One line per action, as `up --dry-run` prints it.
    package var lines: [String] { actions.map(\.line) }

    /// Adds an action after `dependencies` (duplicates and unknown numbers are dropped) and returns its number.
    @discardableResult
    package mutating func add(
        _ kind: ActionKind, resource: String, cause: String, after dependencies: [Int] = []
    ) -> Int {
        let id = actions.count + 1
        let deps = Set(dependencies.filter { $0 > 0 && $0 < id }).sorted()
        actions.append(Action(id: id, resource: resource, kind: kind, cause: cause, dependencies: deps))
        return id
    }

    /// The action numbered `id`.
    package func action(_ id: Int) -> Action? {
        id >= 1 && id <= actions.count ? actions[id - 1] : nil
    }
}
