import APIClient
import ArgumentParser
import EngineAPI
import Foundation

/// `berth network connect`.
struct NetworkConnect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect", abstract: "Connect a container to a network.")

    @Argument(help: "Network name or ID.") var network: String
    @Argument(help: "Container name or ID.") var container: String
    @Option(help: "Network-scoped alias (repeatable).") var alias: [String] = []
    @Option(help: "IPv4 address.") var ip: String?
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        var settings = EndpointSettings()
        settings.aliases = alias
        if let ip { settings.ipamConfig = EndpointIPAMConfig(ipv4Address: ip) }
        try await engine.client().connectNetwork(
            network, NetworkConnectRequest(container: container, endpointConfig: settings))
    }
}

/// `berth network disconnect`.
struct NetworkDisconnect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disconnect", abstract: "Disconnect a container from a network.")

    @Argument(help: "Network name or ID.") var network: String
    @Argument(help: "Container name or ID.") var container: String
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        try await engine.client().disconnectNetwork(network, NetworkDisconnectRequest(container: container))
    }
}

/// `berth network prune`.
struct NetworkPrune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove all unused networks.")

    @Flag(name: [.short, .long], help: "Do not ask for confirmation.") var force = false
    @Option(help: "Only networks with label=KEY=VALUE (repeatable).") var filter: [String] = []
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        if !force {
            print("WARNING! This will remove all custom networks not used by at least one container.")
            print("Are you sure you want to continue? [y/N] ", terminator: "")
            guard readLine()?.lowercased().hasPrefix("y") == true else { return }
        }
        var labels: [String: String] = [:]
        for item in filter {
            guard item.hasPrefix("label=") else {
                throw ValidationError("--filter \(item): only label=KEY=VALUE is supported")
            }
            labels.merge(try keyValues([String(item.dropFirst("label=".count))], flag: "--filter")) { $1 }
        }
        let removed = try await engine.client().pruneNetworks(labels: labels)
        guard !removed.isEmpty else { return }
        print("Deleted Networks:")
        removed.forEach { print($0) }
    }
}

/// Column-aligned plain text, as the docker CLI prints tables.
enum NetworkTable {
    static func render(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
