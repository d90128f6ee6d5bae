/// The portable part of a container's configuration (`Config` in `POST /containers/create` and in
/// `GET /containers/{id}/json`).
public struct ContainerConfig: Sendable, Equatable, Codable {
    /// The host name of the container.
    public var hostname: String?
    /// The domain name of the container.
    public var domainname: String?
    /// The user that runs the command (`name`, `uid`, `uid:gid`).
    public var user: String?
    /// Whether standard input is attached.
    public var attachStdin: Bool?
    /// Whether standard output is attached.
    public var attachStdout: Bool?
    /// Whether standard error is attached.
    public var attachStderr: Bool?
    /// The exposed ports, as `"80/tcp": {}`.
    public var exposedPorts: [String: EmptyObject]?
    /// Whether the container gets a terminal.
    public var tty: Bool?
    /// Whether standard input stays open when nothing is attached.
    public var openStdin: Bool?
    /// Whether standard input closes after the first attached client disconnects.
    public var stdinOnce: Bool?
    /// Environment variables as `NAME=value`.
    public var env: [String]?
    /// The command; an empty list clears the image's.
    public var cmd: [String]?
    /// The health check, overriding the image's.
    public var healthcheck: HealthConfig?
    /// The image reference.
    public var image: String?
    /// Anonymous volumes, as `"/path": {}`.
    public var volumes: [String: EmptyObject]?
    /// The working directory of the command.
    public var workingDir: String?
    /// The entrypoint; an empty list clears the image's.
    public var entrypoint: [String]?
    /// Whether networking is off.
    public var networkDisabled: Bool?
    /// Labels.
    public var labels: [String: String]?
    /// The signal that stops the container (`SIGTERM`).
    public var stopSignal: String?
    /// Seconds to wait after the stop signal before killing.
    public var stopTimeout: Int?
    /// The shell for the shell form of `RUN`, `CMD` and `ENTRYPOINT`.
    public var shell: [String]?

    /// Creates a configuration with nothing set.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case hostname = "Hostname"
        case domainname = "Domainname"
        case user = "User"
        case attachStdin = "AttachStdin"
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case exposedPorts = "ExposedPorts"
        case tty = "Tty"
        case openStdin = "OpenStdin"
        case stdinOnce = "StdinOnce"
        case env = "Env"
        case cmd = "Cmd"
        case healthcheck = "Healthcheck"
        case image = "Image"
        case volumes = "Volumes"
        case workingDir = "WorkingDir"
        case entrypoint = "Entrypoint"
        case networkDisabled = "NetworkDisabled"
        case labels = "Labels"
        case stopSignal = "StopSignal"
        case stopTimeout = "StopTimeout"
        case shell = "Shell"
    }
}

/// The empty JSON object `{}`, the value type of Docker's set-like maps (`ExposedPorts`, `Volumes`).
public struct EmptyObject: Sendable, Hashable, Codable {
    /// Creates the empty object.
    public init() {}
}

/// A health check (`Healthcheck`). Durations are in nanoseconds; 0 means inherit the image's value.
public struct HealthConfig: Sendable, Equatable, Codable {
    /// `[]` inherits, `["NONE"]` disables, `["CMD", args...]` or `["CMD-SHELL", command]` runs a test.
    public var test: [String]?
    /// The time between tests, in nanoseconds.
    public var interval: Int64?
    /// How long one test may run, in nanoseconds.
    public var timeout: Int64?
    /// Consecutive failures before the container is unhealthy.
    public var retries: Int?
    /// The start-up time during which failures do not count, in nanoseconds.
    public var startPeriod: Int64?
    /// The time between tests during the start period, in nanoseconds.
    public var startInterval: Int64?

    /// Creates a health check with nothing set.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case test = "Test"
        case interval = "Interval"
        case timeout = "Timeout"
        case retries = "Retries"
        case startPeriod = "StartPeriod"
        case startInterval = "StartInterval"
    }
}
