import APIClient
import ArgumentParser
import EngineAPI
import Foundation
import Planner

/// `berth events [SERVICE...]`: the project's container events as they happen, from the engine's
/// `/events` filtered by the project label.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Receive real-time events from the project's containers.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var engine: EngineOptions
    @Flag(name: .customLong("json"), help: "One JSON object per event.") var json = false
    @Option(name: .customLong("since"), help: "Show events since this Unix time.") var since: String?
    @Option(name: .customLong("until"), help: "Stream events until this Unix time.") var until: String?
    @Argument(help: "Services (default: all).") var services: [String] = []

    func run() async throws {
        let loaded = try DiagnosticPrinter.load(project.loadOptions())
        for service in services where loaded.project.services[service] == nil {
            throw ValidationError("no such service: \(service)")
        }
        let filters = Filters.label("\(Labels.project)=\(loaded.project.name)").adding("type", "container")
        let stream = try engine.client().events(filters: filters, since: since, until: until)
        for try await message in stream {
            guard let line = try Self.render(message, services: services, json: json) else { continue }
            // Written at once, not buffered: events are watched as they happen.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }

    /// Docker Compose's line for a container event of the project (`TIME container ACTION ID (k=v, ...)`,
    /// or a JSON object); nil for one-off containers and other services.
    static func render(_ message: EngineEventMessage, services: [String], json: Bool) throws -> String? {
        guard message.type == "container", message.attributes[Labels.oneoff] != "True" else { return nil }
        let service = message.attributes[Labels.service] ?? ""
        guard services.isEmpty || services.contains(service) else { return nil }
        let attributes = message.attributes.filter { !$0.key.hasPrefix("com.docker.compose.") }
        let date = Date(timeIntervalSince1970: Double(message.timeNano) / 1e9)
        guard json else {
            let pairs = attributes.keys.sorted().map { "\($0)=\(attributes[$0] ?? "")" }.joined(separator: ", ")
            return "\(Self.timestamp(date)) container \(message.action) \(message.actorID) (\(pairs))"
        }
        let object = EventObject(
            action: message.action, attributes: attributes, id: message.actorID, service: service,
            time: Self.rfc3339(date), type: "container")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }

    /// `2006-01-02 15:04:05.000000` in local time, Docker Compose's layout.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"
        return formatter.string(from: date)
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The JSON of `events --json`.
    struct EventObject: Encodable {
        var action: String
        var attributes: [String: String]
        var id: String
        var service: String
        var time: String
        var type: String
    }
}
