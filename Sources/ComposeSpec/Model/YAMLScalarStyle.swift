/// How `berth config` writes a string in YAML, following go-yaml (which compose-go uses): plain unless the
/// text would read back as another type or YAML forbids it, then single or double quotes; a literal block
/// for multi-line text.
enum YAMLScalarStyle: Equatable {
    case plain, singleQuoted, doubleQuoted, literal

    /// The style go-yaml and its libyaml emitter choose for `text` in block context.
    static func of(_ text: String) -> YAMLScalarStyle {
        let analysis = Analysis(text)
        if text.contains("\n") {
            let hasContent = text.unicodeScalars.contains { !$0.properties.isWhitespace }
            return text.unicodeScalars.count >= 2 && hasContent && analysis.allowsBlock ? .literal : .doubleQuoted
        }
        if readsAsOtherType(text) { return .doubleQuoted }
        if analysis.allowsPlain { return .plain }
        return analysis.allowsSingleQuotes ? .singleQuoted : .doubleQuoted
    }

    /// True when a plain scalar with this text would not read back as a string (go-yaml's resolver, plus the
    /// YAML 1.1 booleans and sexagesimal numbers it quotes for older readers, and the merge key).
    static func readsAsOtherType(_ text: String) -> Bool {
        if reservedWords.contains(text) { return true }
        guard let first = text.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first) else {
            return false
        }
        return ScalarText.integer(text, isQuoted: false) != nil
            || ScalarText.number(text.replacing("_", with: "")) != nil
            || isTimestamp(text) || isSexagesimal(text)
    }

    private static let reservedWords: Set<String> = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF", "<<",
    ]

    /// `2001-12-14`, `2001-12-14t21:59:43.10-05:00`, `2001-12-14 21:59:43.10`: what go-yaml reads as a time.
    private static func isTimestamp(_ text: String) -> Bool {
        let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit) else { return false }
        let month = parts[1]
        let day = parts[2].prefix(while: \.isASCIIDigit)
        guard (1...2).contains(month.count), month.allSatisfy(\.isASCIIDigit), (1...2).contains(day.count) else {
            return false
        }
        let rest = parts[2].dropFirst(day.count)
        return rest.isEmpty || rest.first == "T" || rest.first == "t" || rest.first == " "
    }

    /// YAML 1.1 base-60 numbers such as `22:22` or `1:30:00.5`.
    private static func isSexagesimal(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        let head = rest.prefix { $0.isASCIIDigit || $0 == "_" }
        guard let first = head.first, first.isASCIIDigit, rest.count > head.count else { return false }
        rest = rest.dropFirst(head.count)
        var groups = 0
        while rest.first == ":" {
            let group = rest.dropFirst().prefix(while: \.isASCIIDigit)
            guard (1...2).contains(group.count), group.count == 1 || group.first.map({ $0 <= "5" }) == true else {
                return false
            }
            groups += 1
            rest = rest.dropFirst(1 + group.count)
        }
        guard groups > 0 else { return false }
        return rest.isEmpty || (rest.first == "." && rest.dropFirst().allSatisfy { $0.isASCIIDigit || $0 == "_" })
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
