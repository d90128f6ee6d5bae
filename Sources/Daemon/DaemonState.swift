import BerthNetwork
import Engine
import Foundation
import Images
import Logging

/// Everything the routes share: the configuration, the event log and the engine's stores.
package final class DaemonState: Sendable {
    /// The daemon's settings.
    package let configuration: DaemonConfiguration
    /// Engine events for `/events`.
    package let events = EventLog()
    /// The daemon's log.
    package let logger: Logger
    /// A stable id for `/info`, kept in the root folder.
    package let engineID: String
    /// Named and anonymous volumes.
    package let volumes: VolumeStore
    /// Images: blobs, snapshots, names.
    package let images: ImageStore
    /// Containers, with the daemon's additions (networks, health, events).
    package let containers: ContainerService
    /// Exec instances.
    package let execs: ExecService
    /// Bridge networks, endpoints, DNS and ports; nil when the daemon runs without networking.
    package let networkManager: NetworkManager?
    private let watcher: ExitWatcher

    /// Creates the root and exec-root folders (private to root) and loads the daemon's id.
    package init(configuration: DaemonConfiguration, logger: Logger, networkOptions: NetworkManager.Options? = nil)
        throws
    {
        self.configuration = configuration
        self.logger = logger
        let files = FileManager.default
        for folder in [configuration.root, configuration.execRoot] {
            try files.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o711])
        }
        engineID = try Self.loadID(root: configuration.root)
        let volumes = try VolumeStore(root: configuration.root + "/volumes")
        self.volumes = volumes
        do {
            images = try ImageStore(
                root: configuration.root + "/images", insecureRegistries: Set(configuration.insecureRegistries))
        } catch {
            throw ConfigurationError("data-root: cannot open the image store: \(error)")
        }
        let store = try ContainerStore(
            root: configuration.root, runRoot: configuration.execRoot, runtime: try ContainerRuntime(),
            removesInBackground: true)
        let manager: NetworkManager?
        do {
            manager = try networkOptions.map {
                try NetworkManager(
                    stateRoot: configuration.root + "/network", runRoot: configuration.execRoot, options: $0)
            }
        } catch {
            throw ConfigurationError("cannot start networking: \(error)")
        }
        networkManager = manager
        containers = ContainerService(
            store: store, volumes: volumes, events: events, images: ImageStoreProvider(store: images),
            networks: manager.map { NetworkAttachments(manager: $0) },
            userNamespaceRemap: try configuration.userNamespaceRemap())
        execs = ExecService(containers: containers)
        watcher = ExitWatcher(service: containers)
    }

    /// Starts the background work: exit watching, restart policies, health checks of running
    /// containers (re-adopted from a previous daemon).
    package func startBackgroundWork() {
        watcher.start()
    }

    /// Stops the background work; containers keep running.
    package func stopBackgroundWork() {
        watcher.stop()
        networkManager?.shutdown()
    }

    /// The containers that mount volume `name` (they keep it from being removed).
    package func volumeUsers(_ name: String) -> [String] {
        containers.volumeUsers(name)
    }

    private static func loadID(root: String) throws -> String {
        let path = root + "/engine-id"
        if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            !text.isEmpty
        {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let id = UUID().uuidString.lowercased()
        try AtomicFile.write(Data(id.utf8), to: path)
        return id
    }

    /// `/info`'s body.
    func info() -> [String: InfoValue] {
        [
            "ID": .string(engineID), "Name": .string(HostFacts.hostname),
            "ServerVersion": .string(BerthVersion.string), "OperatingSystem": .string("Linux"),
            "OSType": .string("linux"), "Architecture": .string(HostFacts.arch),
            "KernelVersion": .string(HostFacts.kernelRelease),
            "NCPU": .int(ProcessInfo.processInfo.activeProcessorCount),
            "MemTotal": .int(Int(ProcessInfo.processInfo.physicalMemory)),
            "DockerRootDir": .string(configuration.root), "Driver": .string("overlay"),
            "LoggingDriver": .string("json-file"), "CgroupDriver": .string("cgroupfs"),
            "CgroupVersion": .string(FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory") ? "1" : "2"),
            "DefaultRuntime": .string("berth"), "SecurityOptions": .strings(["name=seccomp,profile=builtin"]),
            "Containers": .int(0), "ContainersRunning": .int(0), "ContainersPaused": .int(0),
            "ContainersStopped": .int(0), "Images": .int(0),
            "InsecureRegistries": .strings(configuration.insecureRegistries),
        ]
    }
}

/// A JSON value of `/info`.
enum InfoValue: Encodable {
    case string(String)
    case int(Int)
    case strings([String])

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        }
    }
}

/// Crash-safe file writes: a temporary file beside the target, fsync, then rename over it.
package enum AtomicFile {
    /// Replaces `path` with `data` so that a crash leaves either the old or the new content.
    /// `durable: false` skips the fsync, for files that need not outlive a power loss.
    package static func write(_ data: Data, to path: String, mode: Int = 0o600, durable: Bool = true) throws {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // One write and one fsync (FileManager.createFile wrote its own temporary file and synced it too).
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { throw ConfigurationError("\(path): cannot write: errno \(errno)") }
        fchmod(descriptor, mode_t(mode))  // exactly `mode`, whatever the umask
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = !durable || fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced else {
            unlink(temporary)
            throw ConfigurationError("\(path): cannot write")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ConfigurationError("\(path): cannot rename into place: errno \(errno)")
        }
    }
}
