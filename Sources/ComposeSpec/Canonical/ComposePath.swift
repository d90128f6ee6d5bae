/// The key path of a node inside a compose document, as diagnostics spell it (`services.web.ports[1]`),
/// and matched against patterns where `*` stands for any one key or list index (`services.*.ports`).
struct ComposePath: Sendable, CustomStringConvertible {
    private(set) var segments: [String] = []

    init() {}

    init(_ dotted: String) {
        segments = dotted.split(separator: ".").map(String.init)
    }

    func appending(key: String) -> ComposePath {
        var copy = self
        copy.segments.append(key)
        return copy
    }

    func appending(index: Int) -> ComposePath {
        var copy = self
        copy.segments.append("[\(index)]")
        return copy
    }

    /// True when the path has as many segments as `pattern` and each one equals it or the pattern has `*`.
    func matches(_ pattern: ComposePath) -> Bool {
        guard segments.count == pattern.segments.count else { return false }
        return zip(segments, pattern.segments).allSatisfy { $1 == "*" || $0 == $1 }
    }

    func matchesAny(_ patterns: [ComposePath]) -> Bool {
        patterns.contains { matches($0) }
    }

    var description: String {
        var text = ""
        for segment in segments {
            if !text.isEmpty && !segment.hasPrefix("[") { text += "." }
            text += segment
        }
        return text
    }
}
