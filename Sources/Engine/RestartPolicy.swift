/// Docker's restart policies.
package enum RestartPolicy: Sendable, Equatable, Codable {
    case no
    case always
    /// Restart after a non-zero exit, at most `maxRetries` times (0: no limit).
    case onFailure(maxRetries: Int)
    case unlessStopped

    /// Parses `no`, `always`, `on-failure[:N]`, `unless-stopped`; errors name the value.
    package init(parsing text: String) throws {
        switch text {
        case "", "no": self = .no
        case "always": self = .always
        case "unless-stopped": self = .unlessStopped
        case "on-failure": self = .onFailure(maxRetries: 0)
        default:
            let parts = text.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0] == "on-failure", let count = Int(parts[1]), count >= 0 else {
                throw EngineError(
                    .invalidSpec,
                    "restart policy \"\(text)\" is not one of no, always, on-failure[:N], unless-stopped")
            }
            self = .onFailure(maxRetries: count)
        }
    }

    /// Whether a container that ended with `exitCode` is started again.
    package func shouldRestart(exitCode: Int32, restartCount: Int, stoppedByUser: Bool) -> Bool {
        switch self {
        case .no: false
        case .always: !stoppedByUser
        case .unlessStopped: !stoppedByUser
        case .onFailure(let maxRetries):
            !stoppedByUser && exitCode != 0 && (maxRetries == 0 || restartCount < maxRetries)
        }
    }
}

/// Docker's restart delay: 100 ms, doubled after each quick exit, at most a minute; a container
/// that ran 10 s or more starts over at 100 ms.
package struct RestartBackoff: Sendable, Equatable {
    /// The last delay in milliseconds; 0 before the first restart.
    package private(set) var delay = 0

    /// No restart yet.
    package init() {}

    /// The delay before the next start of a container that ran `seconds` before it exited.
    package mutating func next(ranFor seconds: Double) -> Int {
        if seconds >= 10 || delay == 0 {
            delay = 100
        } else {
            delay = min(delay * 2, 60_000)
        }
        return delay
    }
}
