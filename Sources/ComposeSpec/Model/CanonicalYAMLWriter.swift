/// Writes a `CanonicalValue` as go-yaml does with a 2-space indent: block style, sequences indented under
/// their key, dictionaries in go-yaml's natural key order, no line wrapping.
struct CanonicalYAMLWriter {
    private(set) var output = ""

    /// The YAML document for `value`.
    static func document(_ value: CanonicalValue) -> String {
        var writer = CanonicalYAMLWriter()
        switch value {
        case .fields(let entries) where !entries.isEmpty, .map(let entries) where !entries.isEmpty:
            writer.writeEntries(value, indent: 0, inline: false)
        case .list(let items) where !items.isEmpty:
            writer.writeItems(items, indent: 0, inline: false)
        default:
            writer.writeInline(value, indent: 0)
            // A lone scalar is not after a key or a dash: drop the separating space.
            writer.output.removeFirst()
        }
        return writer.output
    }

    private static func ordered(_ value: CanonicalValue) -> [CanonicalEntry] {
        switch value {
        case .fields(let entries): entries
        case .map(let entries): KeyOrder.sorted(entries, for: .yaml)
        default: []
        }
    }

    /// Writes mapping entries at `indent`; with `inline`, the first one follows a `- ` already written.
    private mutating func writeEntries(_ value: CanonicalValue, indent: Int, inline: Bool) {
        for (index, entry) in Self.ordered(value).enumerated() {
            if !(inline && index == 0) { output += String(repeating: " ", count: indent) }
            output += Self.scalarText(entry.key)
            output += ":"
            writeValue(entry.value, indent: indent)
        }
    }

    /// Writes list items at `indent`; with `inline`, the first one follows a `- ` already written.
    private mutating func writeItems(_ items: [CanonicalValue], indent: Int, inline: Bool) {
        for (index, item) in items.enumerated() {
            if !(inline && index == 0) { output += String(repeating: " ", count: indent) }
            output += "-"
            switch item {
            case .fields(let entries) where !entries.isEmpty, .map(let entries) where !entries.isEmpty:
                output += " "
                writeEntries(item, indent: indent + 2, inline: true)
            case .list(let nested) where !nested.isEmpty:
                output += " "
                writeItems(nested, indent: indent + 2, inline: true)
            default:
                writeInline(item, indent: indent)
            }
        }
    }

    /// Writes the value of a mapping entry whose key sits at `indent`.
    private mutating func writeValue(_ value: CanonicalValue, indent: Int) {
        switch value {
        case .fields(let entries) where !entries.isEmpty, .map(let entries) where !entries.isEmpty:
            output += "\n"
            writeEntries(value, indent: indent + 2, inline: false)
        case .list(let items) where !items.isEmpty:
            output += "\n"
            writeItems(items, indent: indent + 2, inline: false)
        default:
            writeInline(value, indent: indent)
        }
    }

    /// Writes a scalar or an empty collection after a key or dash, with its leading space and its newline.
    private mutating func writeInline(_ value: CanonicalValue, indent: Int) {
        switch value {
        case .null: output += " null\n"
        case .bool(let flag): output += flag ? " true\n" : " false\n"
        case .integer(let text): output += " \(text)\n"
        case .float(let number, let isSingle): output += " \(GoFloat.yamlText(number, isSingle: isSingle))\n"
        case .string(let text) where YAMLScalarStyle.of(text) == .literal: writeLiteral(text, indent: indent)
        case .string(let text): output += " \(Self.scalarText(text))\n"
        case .list: output += " []\n"
        case .fields, .map: output += " {}\n"
        }
    }

    /// A literal block: `|` with libyaml's chomping and indentation hints, then the lines indented.
    private mutating func writeLiteral(_ text: String, indent: Int) {
        var header = " |"
        if text.first == " " || text.first == "\n" { header += "2" }
        if !text.hasSuffix("\n") {
            header += "-"
        } else if text == "\n" || text.hasSuffix("\n\n") {
            header += "+"
        }
        output += header + "\n"
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        let padding = String(repeating: " ", count: indent + 2)
        for line in lines {
            output += line.isEmpty ? "\n" : padding + line + "\n"
        }
    }

    /// A one-line string in its go-yaml style.
    static func scalarText(_ text: String) -> String {
        switch YAMLScalarStyle.of(text) {
        case .plain: text
        case .singleQuoted: "'" + text.replacing("'", with: "''") + "'"
        case .doubleQuoted, .literal: doubleQuoted(text)
        }
    }

    /// libyaml's double-quoted form, with its escapes.
    static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            result += escape(scalar) ?? String(scalar)
        }
        return result + "\""
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\0": return "\\0"
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\u{0B}": return "\\v"
        case "\u{0C}": return "\\f"
        case "\r": return "\\r"
        case "\u{1B}": return "\\e"
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\u{85}": return "\\N"
        case "\u{2028}": return "\\L"
        case "\u{2029}": return "\\P"
        default: break
        }
        guard !YAMLScalarStyle.Analysis.isPrintable(scalar) || scalar == "\u{FEFF}" else { return nil }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        switch scalar.value {
        case ...0xFF: return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        case ...0xFFFF: return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
    }
}
