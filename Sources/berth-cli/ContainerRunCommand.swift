import ArgumentParser
import Engine
import Foundation

/// The flags shared by `run` and `create` (docker's spelling).
struct ContainerCreateOptions: ParsableArguments {
    @Option(name: .long, help: "Container name.") var name: String?
    @Option(name: .long, help: "Root filesystem folder instead of IMAGE (runs on the in-process engine).")
    var rootfs: String?
    @Option(name: [.short, .long], help: "Environment variable KEY=VALUE.") var env: [String] = []
    @Option(name: [.short, .long], help: "user[:group], names or numbers.") var user: String?
    @Option(name: [.short, .customLong("workdir")], help: "Working directory.") var workdir: String?
    @Option(name: .long, help: "Memory limit (bytes, or with k, m, g).") var memory: String?
    @Option(name: .long, help: "CPUs (fractional).") var cpus: Double?
    @Option(name: .customLong("pids-limit"), help: "Process limit.") var pidsLimit: Int64?
    @Option(name: .customLong("cap-add"), help: "Add a capability.") var capAdd: [String] = []
    @Option(name: .customLong("cap-drop"), help: "Drop a capability.") var capDrop: [String] = []
    @Flag(name: .long, help: "Every capability, no seccomp.") var privileged = false
    @Option(name: .customLong("security-opt"), help: "seccomp=unconfined|PATH, no-new-privileges.") var securityOpt:
        [String] = []
    @Flag(name: .customLong("read-only"), help: "Read-only root filesystem.") var readOnly = false
    @Option(name: .long, help: "tmpfs mount DEST[:OPTIONS].") var tmpfs: [String] = []
    @Option(name: [.short, .customLong("volume")], help: "Bind mount SRC:DEST[:ro,rshared,rslave,...].") var volume:
        [String] = []
    @Option(name: .long, help: "none, host, bridge, NETWORK or container:ID (in-process: none or host).")
    var network: String?
    @Option(
        name: .long,
        help: "User namespace: host (none) or private (container ids 0-65535 are host ids 100000-165535).")
    var userns: String?
    @Flag(name: .customLong("init"), help: "Run an init as pid 1 that forwards signals and reaps zombies.")
    var initProcess = false
    @Option(name: .customLong("shm-size"), help: "Size of /dev/shm (bytes, or with k, m, g; default 64m).")
    var shmSize: String?
    @Option(name: .long, help: "Override the image's entrypoint.") var entrypoint: String?
    @Option(name: [.customShort("h"), .long], help: "Hostname.") var hostname: String?
    @Option(name: [.short, .long], help: "Label KEY=VALUE.") var label: [String] = []
    @Option(name: .long, help: "no, always, on-failure[:N], unless-stopped.") var restart = "no"
    @Option(name: .customLong("stop-signal"), help: "Stop signal.") var stopSignal = "TERM"
    @Option(name: .customLong("stop-timeout"), help: "Seconds before SIGKILL.") var stopTimeout = 10
    @Option(name: .customLong("log-opt"), help: "max-size=SIZE, max-file=N.") var logOpt: [String] = []
    @Flag(name: [.short, .long], help: "Keep stdin open.") var interactive = false
    @Flag(name: [.short, .long], help: "Allocate a pty.") var tty = false
    @Argument(parsing: .captureForPassthrough, help: "IMAGE (a rootfs folder for now) and COMMAND.") var arguments:
        [String] = []

    /// The seam for images: a rootfs folder until the Images module resolves references.
    func rootAndCommand() throws -> (root: String, image: String, command: [String]) {
        if let rootfs { return (rootfs, rootfs, arguments) }
        guard let image = arguments.first else { throw ValidationError("give IMAGE (a rootfs folder) or --rootfs") }
        return (image, image, Array(arguments.dropFirst()))
    }

    func config() throws -> ContainerConfig {
        let (root, image, command) = try rootAndCommand()
        let args = (entrypoint.map { [$0] } ?? []) + command
        guard !args.isEmpty else { throw ValidationError("no command given (images carry none yet)") }
        var spec = ContainerSpec(root: .directory(root), args: args)
        try applyProcess(&spec)
        try applySecurity(&spec)
        try applyMounts(&spec)
        var config = ContainerConfig(spec: spec)
        config.name = name ?? ""
        config.image = image
        config.tty = tty
        config.openStdin = interactive
        config.restartPolicy = try RestartPolicy(parsing: restart)
        guard let signal = signalNumber(stopSignal) else { throw ValidationError("--stop-signal: unknown signal") }
        config.stopSignal = signal
        config.stopTimeout = stopTimeout
        config.labels = Dictionary(label.map(keyValue), uniquingKeysWith: { $1 })
        let options = Dictionary(logOpt.map(keyValue), uniquingKeysWith: { $1 })
        config.log = try LogOptions(maxSize: options["max-size"], maxFile: options["max-file"])
        return config
    }

    private func applyProcess(_ spec: inout ContainerSpec) throws {
        spec.env += env
        spec.user = user
        if let workdir { spec.cwd = workdir }
        spec.hostname = hostname
        spec.readonlyRoot = readOnly
        if initProcess { spec.initProcess = true }
        if let shmSize {
            let size = try parseBytes(shmSize, field: "--shm-size")
            guard size > 0 else { throw ValidationError("--shm-size must be more than 0") }
            spec.shmSize = size
        }
        switch network ?? "none" {
        case "none": break
        case "host": spec.namespaces.remove(.network)
        default: throw ValidationError("--network: only none and host are supported until networks land")
        }
        if let memory { spec.resources.memory = try parseBytes(memory, field: "--memory") }
        if let cpus {
            spec.resources.cpuPeriod = 100_000
            spec.resources.cpuQuota = Int64(cpus * 100_000)
        }
        spec.resources.pidsLimit = pidsLimit
    }

    private func applySecurity(_ spec: inout ContainerSpec) throws {
        if !capAdd.isEmpty || !capDrop.isEmpty {
            spec.capabilities = try Capabilities.resolve(add: capAdd, drop: capDrop)
        }
        if privileged { spec.makePrivileged() }
        switch userns {
        case nil, "host": spec.userNamespace = nil
        case "private": spec.userNamespace = .remapped()
        case let mode?: throw ValidationError("--userns \(mode): expected host or private")
        }
        for option in securityOpt {
            let (key, value) = keyValue(option)
            switch key {
            case "seccomp": spec.seccomp = value == "unconfined" ? nil : try SeccompProfile(path: value)
            case "no-new-privileges": spec.noNewPrivileges = value != "false"
            default: throw ValidationError("--security-opt \(option) is not supported")
            }
        }
    }

    private func applyMounts(_ spec: inout ContainerSpec) throws {
        for entry in volume {
            let parts = entry.split(separator: ":").map(String.init)
            guard parts.count == 2 || parts.count == 3, parts[0].hasPrefix("/") else {
                throw ValidationError("-v \(entry): give /SRC:/DEST[:ro] (named volumes come later)")
            }
            let options = ["rbind"] + (parts.count == 3 ? parts[2].split(separator: ",").map(String.init) : [])
            spec.mounts.append(
                ContainerSpec.Mount(type: "bind", source: parts[0], destination: parts[1], options: options))
        }
        for entry in tmpfs {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            let options =
                ["nosuid", "nodev", "noexec"]
                + (parts.count == 2 ? parts[1].split(separator: ",").map(String.init) : [])
            spec.mounts.append(
                ContainerSpec.Mount(type: "tmpfs", source: "tmpfs", destination: parts[0], options: options))
        }
    }
}

func keyValue(_ text: String) -> (String, String) {
    let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    return (parts[0], parts.count == 2 ? parts[1] : "")
}

/// `512`, `64k`, `512m`, `1g`.
func parseBytes(_ text: String, field: String) throws -> Int64 {
    let units: [Character: Int64] = ["b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
    let lower = text.lowercased()
    let unit = lower.last.flatMap { units[$0] }
    guard let number = Int64(unit == nil ? lower : String(lower.dropLast())), number >= 0 else {
        throw ValidationError("\(field) \"\(text)\" is not a size such as 512m")
    }
    return number * (unit ?? 1)
}

struct ContainerCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a container.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: [.short, .long], help: "Publish a port [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL].") var publish:
        [String] = []
    @OptionGroup var options: ContainerCreateOptions

    /// `--help` right after the options is caught by IMAGE/COMMAND's passthrough capture: show the help.
    func validate() throws {
        if ["--help", "-h"].contains(options.arguments.first) { throw CleanExit.helpRequest(self) }
    }

    func run() async throws {
        if store.root != nil || options.rootfs != nil { return try createLocally() }
        try await createThroughEngine()
    }
}

struct ContainerRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Create and start a container.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: .long, help: "Remove the container when it exits.") var rm = false
    @Flag(name: [.short, .long], help: "Run in the background and print the id.") var detach = false
    @Option(name: [.short, .long], help: "Publish a port [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL].") var publish:
        [String] = []
    @OptionGroup var options: ContainerCreateOptions

    /// `--help` right after the options is caught by IMAGE/COMMAND's passthrough capture: show the help.
    func validate() throws {
        if ["--help", "-h"].contains(options.arguments.first) { throw CleanExit.helpRequest(self) }
    }

    func run() async throws {
        if store.root != nil || options.rootfs != nil { return try runLocally() }
        try await runThroughEngine()
    }
}
