/// The body of `POST /containers/{id}/exec`.
public struct ExecCreateRequest: Sendable, Equatable, Codable {
    /// Whether standard input is attached.
    public var attachStdin: Bool?
    /// Whether standard output is attached.
    public var attachStdout: Bool?
    /// Whether standard error is attached.
    public var attachStderr: Bool?
    /// Terminal size as `[height, width]`.
    public var consoleSize: [Int]?
    /// The key sequence that detaches (`ctrl-p,ctrl-q`).
    public var detachKeys: String?
    /// Whether the process gets a terminal.
    public var tty: Bool?
    /// Environment variables as `NAME=value`.
    public var env: [String]?
    /// The command.
    public var cmd: [String]
    /// Whether the process runs privileged.
    public var privileged: Bool?
    /// The user (`name`, `uid`, `uid:gid`).
    public var user: String?
    /// The working directory.
    public var workingDir: String?

    /// Creates a request that runs `cmd`.
    public init(cmd: [String]) {
        self.cmd = cmd
    }

    enum CodingKeys: String, CodingKey {
        case attachStdin = "AttachStdin", attachStdout = "AttachStdout", attachStderr = "AttachStderr"
        case consoleSize = "ConsoleSize", detachKeys = "DetachKeys", tty = "Tty", env = "Env", cmd = "Cmd"
        case privileged = "Privileged", user = "User", workingDir = "WorkingDir"
    }
}

/// The body of `POST /exec/{id}/start`.
public struct ExecStartRequest: Sendable, Equatable, Codable {
    /// Whether the call returns at once, leaving the process running unattached.
    public var detach: Bool?
    /// Whether the process has a terminal (output is then raw, not multiplexed).
    public var tty: Bool?
    /// Terminal size as `[height, width]`.
    public var consoleSize: [Int]?

    /// Creates a request.
    public init(detach: Bool? = nil, tty: Bool? = nil, consoleSize: [Int]? = nil) {
        self.detach = detach
        self.tty = tty
        self.consoleSize = consoleSize
    }

    enum CodingKeys: String, CodingKey {
        case detach = "Detach"
        case tty = "Tty"
        case consoleSize = "ConsoleSize"
    }
}

/// The reply of `GET /exec/{id}/json` (the fields compose uses).
public struct ExecInspect: Sendable, Equatable, Codable {
    /// The exec instance's ID.
    public var id: String
    /// Whether the process runs.
    public var running: Bool?
    /// Its exit code, once it ended.
    public var exitCode: Int?
    /// The container's ID.
    public var containerID: String?
    /// Its process ID on the host.
    public var pid: Int?
    /// Whether standard input is open.
    public var openStdin: Bool?

    /// Creates a reply.
    public init(id: String, running: Bool? = nil, exitCode: Int? = nil) {
        self.id = id
        self.running = running
        self.exitCode = exitCode
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID", running = "Running", exitCode = "ExitCode", containerID = "ContainerID", pid = "Pid"
        case openStdin = "OpenStdin"
    }
}

/// A reply carrying only an ID (`IdResponse`, e.g. of exec create).
public struct IdResponse: Sendable, Equatable, Codable {
    /// The ID.
    public var id: String

    /// Creates a reply.
    public init(id: String) {
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
    }
}

/// The error body of every failed call: `{"message": "..."}`.
public struct ErrorResponse: Sendable, Equatable, Codable, Error {
    /// What went wrong.
    public var message: String

    /// Creates an error body.
    public init(message: String) {
        self.message = message
    }
}

/// The reply of `GET /version` (the fields clients show).
public struct SystemVersion: Sendable, Equatable, Codable {
    /// The engine's version.
    public var version: String?
    /// The newest API version it speaks.
    public var apiVersion: String?
    /// The oldest API version it speaks.
    public var minAPIVersion: String?
    /// The source commit.
    public var gitCommit: String?
    /// The operating system (`linux`).
    public var os: String?
    /// The CPU architecture.
    public var arch: String?
    /// The kernel version.
    public var kernelVersion: String?

    /// Creates a reply.
    public init(version: String? = nil, apiVersion: String? = nil) {
        self.version = version
        self.apiVersion = apiVersion
    }

    enum CodingKeys: String, CodingKey {
        case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion"
        case gitCommit = "GitCommit", os = "Os", arch = "Arch", kernelVersion = "KernelVersion"
    }
}
