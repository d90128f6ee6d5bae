import ArgumentParser
import Daemon
import Foundation
import Logging

/// `berth daemon`: the engine, serving the Docker Engine API.
struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon", abstract: "Run the berth engine, serving the Docker Engine API on a UNIX socket.")

    @Option(name: .customLong("config-file"), help: "A daemon.json-style configuration file.")
    var configFile: String?

    @Option(name: [.customShort("H"), .long], help: "Listen address (unix:///path); repeatable.")
    var host: [String] = []

    @Option(name: .customLong("data-root"), help: "Root of persistent state (default /var/lib/berth).")
    var dataRoot: String?

    @Option(name: .customLong("exec-root"), help: "Root of runtime state (default /run/berth).")
    var execRoot: String?

    @Option(name: [.customShort("G"), .long], help: "Group that owns the socket (default berth).")
    var group: String?

    @Option(name: [.customShort("l"), .customLong("log-level")], help: "debug, info, warn or error.")
    var logLevel: String?

    @Option(name: .customLong("insecure-registry"), help: "A registry reached over plain HTTP; repeatable.")
    var insecureRegistries: [String] = []

    func run() throws {
        var settings = DaemonConfiguration()
        do {
            if let configFile { settings = try DaemonConfiguration.load(path: configFile) }
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        if !host.isEmpty { settings.hosts = host }
        if let dataRoot { settings.root = dataRoot }
        if let execRoot { settings.execRoot = execRoot }
        if let group { settings.group = group }
        if let logLevel { settings.logLevel = logLevel }
        settings.insecureRegistries += insecureRegistries
        var logger = Logger(label: "berth.daemon") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: settings.logLevel == "warn" ? "warning" : settings.logLevel) ?? .info
        do {
            try Daemon.run(configuration: settings, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
