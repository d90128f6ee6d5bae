/// Docker-like state of a container.
package enum ContainerStatus: String, Sendable, Codable, Equatable {
    case created, running, paused, exited
}

/// A container's state, as inspect shows it.
package struct ContainerState: Sendable, Equatable, Codable {
    package var status = ContainerStatus.created
    /// The container's process as the host sees it; 0 unless running or paused.
    package var pid: Int32 = 0
    /// The shim's pid, and its start time in clock ticks (so a reused pid is not taken for it).
    package var shimPid: Int32 = 0
    package var shimStartTime: UInt64 = 0
    package var exitCode: Int32 = 0
    package var oomKilled = false
    /// RFC 3339 with nanoseconds, UTC; empty before the first start / exit.
    package var startedAt = ""
    package var finishedAt = ""
    package var restartCount = 0
    /// Set by stop and kill from the user, so `unless-stopped` and `always` know not to restart.
    package var stoppedByUser = false
    /// A message when the start failed or the shim vanished.
    package var error = ""

    /// A created container's state.
    package init() {}
}

/// Everything stored about one container (record.json in its folder).
package struct ContainerRecord: Sendable, Equatable, Codable {
    /// 64 lower-case hex digits.
    package var id: String
    package var name: String
    /// RFC 3339 creation time.
    package var created: String
    package var config: ContainerConfig
    package var state = ContainerState()

    /// A new record in the created state.
    package init(id: String, name: String, created: String, config: ContainerConfig) {
        self.id = id
        self.name = name
        self.created = created
        self.config = config
    }
}

/// What a finished container left (exit.json, written by the shim).
package struct ContainerExit: Sendable, Equatable, Codable {
    package var exitCode: Int32
    package var oomKilled: Bool
    package var finishedAt: String
}
