import Foundation

/// A `pattern` or `patternProperties` regular expression. JSON schema patterns are not anchored: they match when
/// they are found anywhere in the text, unless they spell `^`/`$` themselves.
struct SchemaPattern: Sendable {
    /// The pattern as the schema writes it, for messages.
    let source: String
    private let expression: NSRegularExpression
    /// The same test without the regex engine, for the patterns the compose schema uses on every key
    /// (NSRegularExpression made up a twentieth of loading a large project).
    private let shortcut: (@Sendable (String) -> Bool)?

    init(_ source: String, at pointer: String) throws(SchemaParseError) {
        self.source = source
        shortcut = Self.shortcuts[source]
        do {
            expression = try NSRegularExpression(pattern: source)
        } catch {
            throw SchemaParseError(pointer, "has an invalid pattern '\(source)'")
        }
    }

    func matches(_ text: String) -> Bool {
        if let shortcut { return shortcut(text) }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, range: range) != nil
    }

    private static let shortcuts: [String: @Sendable (String) -> Bool] = [
        "^x-": { $0.hasPrefix("x-") },
        "^.+$": { !$0.isEmpty && !$0.contains(where: \.isNewline) },
        ".+": { $0.contains { !$0.isNewline } },
        "^[a-zA-Z0-9._-]+$": { !$0.isEmpty && $0.unicodeScalars.allSatisfy(isNameScalar) },
    ]

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "." || scalar == "_" || scalar == "-"
    }
}
