import Foundation
import Testing

@testable import ComposeSpec

/// The regex-free shortcuts for the schema's common patterns must agree with the regular expressions.
@Suite struct SchemaPatternTests {
    static let patterns = ["^x-", "^.+$", ".+", "^[a-zA-Z0-9._-]+$"]
    static let samples = [
        "", "x-", "x-foo", "ax-", "X-foo", "web", "my_service-1.a", "bad name", "é", "a\nb", "\n", "tab\there",
    ]

    @Test(arguments: patterns)
    func shortcutAgreesWithTheRegularExpression(pattern: String) throws {
        let shortcut = try SchemaPattern(pattern, at: "#")
        let expression = try NSRegularExpression(pattern: pattern)
        for sample in Self.samples {
            let range = NSRange(sample.startIndex..<sample.endIndex, in: sample)
            let expected = expression.firstMatch(in: sample, range: range) != nil
            #expect(shortcut.matches(sample) == expected, "\(pattern) on \(sample.debugDescription)")
        }
    }
}
