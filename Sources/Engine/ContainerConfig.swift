/// What a container is created from: the spec plus what the engine keeps about it (Docker's
/// container config). Stored in the container's record.
package struct ContainerConfig: Sendable, Equatable, Codable {
    /// Unique among containers; defaults to a generated one when empty.
    package var name = ""
    /// The image reference as given (`busybox:1.36`), recorded for inspect.
    package var image = ""
    /// The image id as given (`sha256:...`), recorded for inspect.
    package var imageID = ""
    /// Lower layer folders (top first) for an overlay root; empty uses `spec.root` as it is.
    package var layers: [String] = []
    /// Labels, kept verbatim (the compose planner reads com.docker.compose.* back).
    package var labels: [String: String] = [:]
    /// A pty instead of pipes.
    package var tty = false
    /// Keep stdin open for attach.
    package var openStdin = false
    package var log = LogOptions()
    package var restartPolicy = RestartPolicy.no
    /// The signal `stop` sends first (a number; SIGTERM by default).
    package var stopSignal: Int32 = 15
    /// Seconds between the stop signal and SIGKILL.
    package var stopTimeout = 10
    /// Stored for the daemon; the engine does not run healthchecks.
    package var healthcheck: Healthcheck?
    /// Name servers for /etc/resolv.conf; empty copies the host's (without loopback servers).
    package var dns: [String] = []
    package var dnsSearch: [String] = []
    /// `host:address` lines added to /etc/hosts.
    package var extraHosts: [String] = []
    /// Remove the container once it exits (`run --rm`); done by whoever waits for it.
    package var autoRemove = false
    /// The process and its isolation.
    package var spec: ContainerSpec

    /// A config for `spec` with Docker's defaults.
    package init(spec: ContainerSpec) {
        self.spec = spec
    }

    /// Whether the container's files are made durable (fsync): not for one removed once it exits,
    /// which a power loss ends anyway (see `ContainerSpec.ephemeral`).
    package var isDurable: Bool { !autoRemove }
}

/// json-file log options (`max-size`, `max-file`).
package struct LogOptions: Sendable, Equatable, Codable {
    /// Rotate above this many bytes; 0 never rotates.
    package var maxSize: Int64 = 0
    /// Files kept, the live one included.
    package var maxFiles = 1

    /// No rotation.
    package init(maxSize: Int64 = 0, maxFiles: Int = 1) {
        self.maxSize = maxSize
        self.maxFiles = maxFiles
    }

    /// Parses Docker's `max-size` (`10m`, `1g`, `512k`, bytes) and `max-file`; errors name the option.
    package init(maxSize: String?, maxFile: String?) throws {
        if let maxSize {
            let units: [Character: Int64] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
            let lower = maxSize.lowercased()
            let unit = lower.last.flatMap { units[$0] }
            guard let number = Int64(unit == nil ? lower : String(lower.dropLast())), number > 0 else {
                throw EngineError(.invalidSpec, "log option max-size \"\(maxSize)\" is not a size such as 10m")
            }
            self.maxSize = number * (unit ?? 1)
        }
        if let maxFile {
            guard let count = Int(maxFile), count >= 1 else {
                throw EngineError(.invalidSpec, "log option max-file \"\(maxFile)\" must be a positive number")
            }
            self.maxFiles = count
        }
    }
}

/// Docker's healthcheck config, stored as given.
package struct Healthcheck: Sendable, Equatable, Codable {
    /// `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`.
    package var test: [String]
    /// Nanoseconds, as Docker's API.
    package var interval: Int64?
    package var timeout: Int64?
    package var startPeriod: Int64?
    package var retries: Int?

    /// A healthcheck running `test`.
    package init(
        test: [String], interval: Int64? = nil, timeout: Int64? = nil, startPeriod: Int64? = nil, retries: Int? = nil
    ) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.retries = retries
    }
}
