import ArgumentParser
import Daemon
import Foundation
import Logging

/// `berth daemon`: the engine, serving the Docker Engine API.
struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the berth engine, serving the Docker Engine API on a UNIX socket (or TCP with TLS).")

    @Option(name: .customLong("config-file"), help: "A daemon.json-style configuration file.")
    var configFile: String?

    @Option(name: [.customShort("H"), .long], help: "Listen address (unix:///path or tcp://host:port); repeatable.")
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

    @Flag(name: .long, help: "TCP listeners: TLS with client certificates checked against --tlscacert.")
    var tlsverify = false

    @Option(name: .long, help: "CA certificate (PEM) that client certificates must chain to.")
    var tlscacert: String?

    @Option(name: .long, help: "The server's certificate (PEM).")
    var tlscert: String?

    @Option(name: .long, help: "The server's private key (PEM).")
    var tlskey: String?

    @Option(
        name: .customLong("userns-remap"),
        help: "Give every container a user namespace: default (host ids 100000-165535) or HOSTID:SIZE.")
    var usernsRemap: String?

    @Flag(
        name: .customLong("allow-insecure-tcp"),
        help: "Allow a tcp:// listener without TLS (anyone reaching it is root).")
    var allowInsecureTCP = false

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
        settings.tlsVerify = settings.tlsVerify || tlsverify
        if let tlscacert { settings.tlsCACert = tlscacert }
        if let tlscert { settings.tlsCert = tlscert }
        if let tlskey { settings.tlsKey = tlskey }
        settings.allowInsecureTCP = settings.allowInsecureTCP || allowInsecureTCP
        if let usernsRemap { settings.usernsRemap = usernsRemap }
        var logger = Logger(label: "berth.daemon") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: settings.logLevel == "warn" ? "warning" : settings.logLevel) ?? .info
        do {
            try Daemon.run(configuration: settings, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
