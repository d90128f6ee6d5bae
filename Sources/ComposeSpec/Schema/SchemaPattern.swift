import Foundation

/// A `pattern` or `patternProperties` regular expression. JSON schema patterns are not anchored: they match when
/// they are found anywhere in the text, unless they spell `^`/`$` themselves.
struct SchemaPattern: Sendable {
    /// The pattern as the schema writes it, for messages.
    let source: String
    private let expression: NSRegularExpression

    init(_ source: String, at pointer: String) throws(SchemaParseError) {
        self.source = source
        do {
            expression = try NSRegularExpression(pattern: source)
        } catch {
            throw SchemaParseError(pointer, "has an invalid pattern '\(source)'")
        }
    }

    func matches(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, range: range) != nil
    }
}
