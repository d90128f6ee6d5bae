import Foundation

/// `/events` query: `since`, `until` (Unix seconds, with fractions) and `filters` (type, event,
/// container, image, network, volume, label).
struct EventFilter {
    var since: Double?
    var until: Double?
    var filters: [String: [String]] = [:]

    init(_ request: APIRequest) throws {
        since = try Self.time(request, "since")
        until = try Self.time(request, "until")
        filters = try QueryFilters.parse(request)
        for key in filters.keys where !Self.known.contains(key) {
            throw APIError.badRequest("invalid filter '\(key)'")
        }
    }

    private static let known: Set<String> = [
        "type", "event", "container", "image", "network", "volume", "label", "daemon", "scope",
    ]

    private static func time(_ request: APIRequest, _ name: String) throws -> Double? {
        guard let text = request.query(name), !text.isEmpty else { return nil }
        guard let value = Double(text) else {
            throw APIError.badRequest("query parameter \(name): \"\(text)\" is not a Unix timestamp")
        }
        return value
    }

    func matches(_ event: EngineEvent) -> Bool {
        if let since, Double(event.timeNano) / 1e9 < since { return false }
        if let until, Double(event.timeNano) / 1e9 > until { return false }
        for (key, values) in filters where !values.isEmpty {
            guard values.contains(where: { matches(key: key, value: $0, event) }) else { return false }
        }
        return true
    }

    private func matches(key: String, value: String, _ event: EngineEvent) -> Bool {
        switch key {
        case "type": return event.Type == value
        case "event": return event.Action == value || event.Action.hasPrefix(value + ":")
        case "container", "network", "volume", "image":
            return event.Type == key
                && (event.Actor.ID.hasPrefix(value) || event.Actor.Attributes["name"] == value)
        case "label":
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard let actual = event.Actor.Attributes[parts[0]] else { return false }
            return parts.count == 1 || actual == parts[1]
        default: return true
        }
    }
}

/// Docker's `filters` query parameter: JSON `{"key": ["value", ...]}` or the old
/// `{"key": {"value": true}}` form.
enum QueryFilters {
    static func parse(_ request: APIRequest) throws -> [String: [String]] {
        guard let text = request.query("filters"), !text.isEmpty else { return [:] }
        let data = Data(text.utf8)
        if let lists = try? JSONDecoder().decode([String: [String]].self, from: data) { return lists }
        if let maps = try? JSONDecoder().decode([String: [String: Bool]].self, from: data) {
            return maps.mapValues { $0.filter(\.value).map(\.key).sorted() }
        }
        throw APIError.badRequest("query parameter filters: malformed JSON: \(text)")
    }
}
