import APIClient
import ArgumentParser
import EngineAPI
import Foundation
import Planner

/// `berth top [SERVICE...]`: the processes of the running containers, one table with SERVICE and # first.
struct TopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Display the running processes.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        var tables: [(ContainerSummary, ContainerTopResponse)] = []
        for container in try await containers.list(services: services, all: false, oneOff: true) {
            tables.append((container, try await containers.client.topContainer(container.id, psArgs: nil)))
        }
        guard let rows = Self.rows(tables) else { return }
        print(NetworkTable.render(rows), terminator: "")
    }

    /// Docker Compose's layout: SERVICE, #, then every `ps` column in the order met, CMD last; nil when
    /// there is no process.
    static func rows(_ tables: [(ContainerSummary, ContainerTopResponse)]) -> [[String]]? {
        var titles: [String] = []
        for (_, top) in tables {
            for title in top.titles where title != "CMD" && !titles.contains(title) { titles.append(title) }
        }
        if tables.contains(where: { $0.1.titles.contains("CMD") }) { titles.append("CMD") }
        var rows: [[String]] = []
        for (container, top) in tables {
            let service = container.labels?[Labels.service] ?? container.displayName
            let number = container.labels?[Labels.containerNumber] ?? ""
            for process in top.processes {
                let cells = titles.map { title in
                    top.titles.firstIndex(of: title).flatMap { $0 < process.count ? process[$0] : nil } ?? "-"
                }
                rows.append([service, number] + cells)
            }
        }
        return rows.isEmpty ? nil : [["SERVICE", "#"] + titles] + rows
    }
}

/// `berth port SERVICE PRIVATE_PORT`: the public address of a published port.
struct PortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "port", abstract: "Print the public port for a port binding.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: .customLong("protocol"), help: "tcp or udp.") var proto = "tcp"
    @Option(name: .customLong("index"), help: "Index of the container if the service has several replicas.")
    var index = 0
    @Argument(help: "The service.") var service: String
    @Argument(help: "The container port.") var privatePort: String

    func validate() throws {
        guard UInt16(privatePort) != nil else {
            throw ValidationError("PRIVATE_PORT \"\(privatePort)\" is not a port number (0-65535)")
        }
    }

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        let container = try await containers.running(service: service, index: index)
        print(try Self.address(of: container, port: Int(privatePort) ?? 0, protocol: proto.lowercased()))
    }

    /// `IP:PORT` of the binding, or Docker Compose's error listing the container's ports.
    static func address(of container: ContainerSummary, port: Int, protocol proto: String) throws -> String {
        let ports = container.ports ?? []
        if let match = ports.first(where: { $0.privatePort == port && $0.type == proto }),
            let published = match.publicPort
        {
            return "\(match.ip ?? ""):\(published)"
        }
        let known = ports.map { "\($0.privatePort)/\($0.type)" }.joined(separator: ", ")
        throw ValidationError("no port \(port)/\(proto) for container \(container.displayName): \(known)")
    }
}

/// `berth images [SERVICE...]`: the images the project's containers use.
struct ImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images", abstract: "List images used by the created containers.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Option(name: .customLong("format"), help: "table or json.") var format = "table"
    @Flag(name: [.short, .customLong("quiet")], help: "Only image IDs.") var quiet = false
    @Argument(help: "Services (default: all).") var services: [String] = []

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format: expected table or json") }
    }

    func run() async throws {
        let containers = try ProjectContainers(project: project, engine: engine)
        var rows: [ImageRow] = []
        for container in try await containers.list(services: services, all: true, oneOff: true) {
            let reference = container.imageID ?? container.image ?? ""
            guard let image = try? await containers.client.inspectImage(reference) else { continue }
            rows.append(ImageRow(container: container, image: image))
        }
        if quiet {
            var seen: [String] = []
            for row in rows where !seen.contains(row.shortID) { seen.append(row.shortID) }
            return seen.forEach { print($0) }
        }
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        }
        let header = ["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED"]
        print(NetworkTable.render([header] + rows.map(\.cells)), terminator: "")
    }
}

/// One line of `images`, with Docker Compose's JSON keys.
struct ImageRow: Encodable {
    var ContainerName: String
    var ID: String
    var Repository: String
    var Tag: String
    var Platform: String
    var Size: Int64
    var Created: String?

    init(container: ContainerSummary, image: ImageInspect) {
        ContainerName = container.displayName
        ID = image.id
        let reference = image.repoTags?.first ?? ""
        let colon = reference.lastIndex(of: ":").flatMap { reference[$0...].contains("/") ? nil : $0 }
        Repository = colon.map { String(reference[..<$0]) } ?? reference
        Tag = colon.map { String(reference[reference.index(after: $0)...]) } ?? ""
        Platform = [image.os, image.architecture, image.variant].compactMap { $0 }.joined(separator: "/")
        Size = image.size ?? 0
        Created = image.created
    }

    var shortID: String { ID.hasPrefix("sha256:") ? String(ID.dropFirst(7)) : ID }

    var cells: [String] {
        let created = Created.flatMap(HumanUnits.parseDate).map { HumanUnits.duration(since: $0) + " ago" } ?? "N/A"
        return [
            ContainerName, Repository.isEmpty ? "<none>" : Repository, Tag.isEmpty ? "<none>" : Tag, Platform,
            String(shortID.prefix(12)), HumanUnits.size(Size), created,
        ]
    }
}

/// Docker's human sizes (`4.26MB`, decimal units, three significant digits) and durations (`3 minutes`).
enum HumanUnits {
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let text = String(format: "%.3g", value)
        return text + units[unit]
    }

    static func duration(since date: Date, now: Date = Date()) -> String {
        let seconds = Int(now.timeIntervalSince(date))
        switch seconds {
        case ..<1: return "Less than a second"
        case 1: return "1 second"
        case ..<60: return "\(seconds) seconds"
        case ..<120: return "About a minute"
        case ..<3600: return "\(seconds / 60) minutes"
        case ..<7200: return "About an hour"
        case ..<(48 * 3600): return "\(seconds / 3600) hours"
        case ..<(14 * 86400): return "\(seconds / 86400) days"
        case ..<(60 * 86400): return "\(seconds / (7 * 86400)) weeks"
        case ..<(730 * 86400): return "\(seconds / (30 * 86400)) months"
        default: return "\(seconds / (365 * 86400)) years"
        }
    }

    static func parseDate(_ text: String) -> Date? {
        // Docker's nanosecond fractions are more than ISO8601DateFormatter reads: cut them to milliseconds.
        let trimmed = text.replacingOccurrences(of: #"\.(\d{3})\d*"#, with: ".$1", options: .regularExpression)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: trimmed) ?? ISO8601DateFormatter().date(from: text)
    }
}
