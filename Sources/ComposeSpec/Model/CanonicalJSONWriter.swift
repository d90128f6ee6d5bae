/// Writes a `CanonicalValue` as Go's `json.MarshalIndent(value, "", "  ")` does: dictionaries in byte order
/// of their keys, `<`, `>` and `&` escaped as Go's HTML-safe encoder escapes them.
struct CanonicalJSONWriter {
    private(set) var output = ""

    /// The JSON document for `value`, without a final newline (as Go writes it).
    static func document(_ value: CanonicalValue) -> String {
        var writer = CanonicalJSONWriter()
        writer.write(value, indent: 0)
        return writer.output
    }

    private mutating func write(_ value: CanonicalValue, indent: Int) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let text): output += text
        case .float(let number, let isSingle): output += GoFloat.jsonText(number, isSingle: isSingle)
        case .string(let text): output += Self.quoted(text)
        case .list(let items): writeList(items, indent: indent)
        case .fields(let entries): writeObject(entries, indent: indent)
        case .map(let entries): writeObject(KeyOrder.sorted(entries, for: .json), indent: indent)
        }
    }

    private mutating func writeList(_ items: [CanonicalValue], indent: Int) {
        guard !items.isEmpty else {
            output += "[]"
            return
        }
        output += "["
        for (index, item) in items.enumerated() {
            output += (index == 0 ? "\n" : ",\n") + String(repeating: " ", count: indent + 2)
            write(item, indent: indent + 2)
        }
        output += "\n" + String(repeating: " ", count: indent) + "]"
    }

    private mutating func writeObject(_ entries: [CanonicalEntry], indent: Int) {
        guard !entries.isEmpty else {
            output += "{}"
            return
        }
        output += "{"
        for (index, entry) in entries.enumerated() {
            output += (index == 0 ? "\n" : ",\n") + String(repeating: " ", count: indent + 2)
            output += Self.quoted(entry.key) + ": "
            write(entry.value, indent: indent + 2)
        }
        output += "\n" + String(repeating: " ", count: indent) + "}"
    }

    /// A JSON string literal with Go's escapes.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                result += unicodeEscape(scalar)
            default:
                result += scalar.value < 0x20 ? unicodeEscape(scalar) : String(scalar)
            }
        }
        return result + "\""
    }

    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
