import ArgumentParser
import EngineAPI
import Foundation

/// `berth network ...`: Docker's network commands.
struct NetworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Manage networks.",
        subcommands: [
            NetworkCreate.self, NetworkList.self, NetworkInspect.self, NetworkRemove.self, NetworkConnect.self,
            NetworkDisconnect.self, NetworkPrune.self,
        ]
    )
}

/// Parses `KEY=VALUE` options into a dictionary, naming the flag in errors.
func keyValues(_ items: [String], flag: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for item in items {
        let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let key = parts.first, !key.isEmpty else { throw ValidationError("\(flag) \(item): expected KEY=VALUE") }
        result[String(key)] = parts.count == 2 ? String(parts[1]) : ""
    }
    return result
}

/// `berth network create`.
struct NetworkCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a network.")

    @Argument(help: "Network name.") var name: String
    @Option(name: [.short, .long], help: "Driver (only bridge).") var driver = "bridge"
    @Option(help: "Subnet in CIDR form.") var subnet: String?
    @Option(help: "Gateway address.") var gateway: String?
    @Option(name: .customLong("ip-range"), help: "Range for container addresses (CIDR).") var ipRange: String?
    @Flag(help: "No access to the outside.") var `internal` = false
    @Flag(help: "Allow standalone containers to attach.") var attachable = false
    @Flag(help: "Enable IPv6 (needs an IPv6 --subnet).") var ipv6 = false
    @Option(help: "Label KEY=VALUE (repeatable).") var label: [String] = []
    @Option(name: [.short, .long], help: "Driver option KEY=VALUE (repeatable).") var opt: [String] = []

    func validate() throws {
        if subnet == nil && (gateway != nil || ipRange != nil) {
            throw ValidationError("--gateway and --ip-range need --subnet")
        }
    }

    @OptionGroup var engine: EngineOptions

    func run() async throws {
        var request = NetworkCreateRequest(name: name)
        request.driver = driver
        if let subnet {
            request.ipam = IPAM(config: [IPAMPoolConfig(subnet: subnet, ipRange: ipRange, gateway: gateway)])
        }
        request.internal = `internal`
        request.attachable = attachable
        request.enableIPv6 = ipv6
        request.labels = try keyValues(label, flag: "--label")
        request.options = try keyValues(opt, flag: "--opt")
        print(try await engine.client().createNetwork(request).id)
    }
}

/// `berth network ls`.
struct NetworkList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List networks.", aliases: ["list"])

    @Flag(name: [.short, .long], help: "Only IDs.") var quiet = false
    @Flag(name: .customLong("no-trunc"), help: "Full IDs.") var noTrunc = false

    @OptionGroup var engine: EngineOptions

    func run() async throws {
        let records = try await engine.client().listNetworks(filters: Filters())
        let id = { (record: NetworkSummary) in noTrunc ? record.id : String(record.id.prefix(12)) }
        if quiet {
            records.forEach { print(id($0)) }
            return
        }
        let rows =
            [["NETWORK ID", "NAME", "DRIVER", "SCOPE"]]
            + records.map { [id($0), $0.name, $0.driver ?? "bridge", $0.scope ?? "local"] }
        print(NetworkTable.render(rows), terminator: "")
    }
}

/// `berth network inspect`.
struct NetworkInspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show networks in Docker's JSON.")

    @Argument(help: "Network names or IDs.") var networks: [String]

    @OptionGroup var engine: EngineOptions

    func run() async throws {
        let client = try engine.client()
        var documents: [NetworkSummary] = []
        for network in networks { documents.append(try await client.inspectNetwork(network)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(documents), as: UTF8.self))
    }
}

/// `berth network rm`.
struct NetworkRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove networks.", aliases: ["remove"])

    @Argument(help: "Network names or IDs.") var networks: [String]

    @OptionGroup var engine: EngineOptions

    func run() async throws {
        let client = try engine.client()
        for network in networks {
            try await client.removeNetwork(network)
            print(network)
        }
    }
}
