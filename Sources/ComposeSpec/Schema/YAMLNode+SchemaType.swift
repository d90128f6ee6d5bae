/// How a text-only YAML node answers JSON schema types. Our reader keeps scalars as text, so the type is read off
/// the text: a plain scalar is a number or a boolean when YAML 1.2 would read it so; a quoted or interpolated one is
/// always a string, and it is also a number or a boolean when its text parses as one, because interpolation turns
/// every value into text before the loader converts it.
extension YAMLNode {
    func matches(_ type: JSONSchemaNode.ValueType) -> Bool {
        switch (type, kind) {
        case (.null, .null), (.object, .mapping), (.array, .sequence):
            true
        case (.string, .scalar(let text)):
            isQuoted || (Self.number(in: text) == nil && !Self.yamlBooleans.contains(text))
        case (.integer, .scalar(let text)):
            Self.number(in: text).map { $0.isFinite && $0.rounded() == $0 } ?? false
        case (.number, .scalar(let text)):
            Self.number(in: text) != nil
        case (.boolean, .scalar(let text)):
            Self.yamlBooleans.contains(text) || (isQuoted && Self.goBooleans.contains(text))
        default:
            false
        }
    }

    /// The scalar's value when it reads as a number, for `minimum` and `maximum`.
    var numberValue: Double? {
        scalar.flatMap(Self.number(in:))
    }

    /// A text that is equal for two nodes exactly when JSON would call their values equal (`uniqueItems`).
    var canonicalText: String {
        switch kind {
        case .null:
            return "null"
        case .scalar(let text):
            if !isQuoted, let number = Self.number(in: text) { return "\(number)" }
            if !isQuoted, Self.yamlBooleans.contains(text) { return text.lowercased() }
            return String(reflecting: text)
        case .mapping(let entries):
            let fields = entries.sorted { $0.key < $1.key }.map {
                "\(String(reflecting: $0.key)):\($0.value.canonicalText)"
            }
            return "{\(fields.joined(separator: ","))}"
        case .sequence(let items):
            return "[\(items.map(\.canonicalText).joined(separator: ","))]"
        }
    }

    private static let yamlBooleans: Set<String> = ["true", "True", "TRUE", "false", "False", "FALSE"]
    /// The spellings Go's `strconv.ParseBool` accepts, which compose-go applies to interpolated text.
    private static let goBooleans: Set<String> = [
        "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False",
    ]
    private static let decimalCharacters = Set("0123456789+-.eE")
    private static let specialNumbers: [String: Double] = [
        ".inf": .infinity, ".Inf": .infinity, ".INF": .infinity, "+.inf": .infinity, "+.Inf": .infinity,
        "+.INF": .infinity, "-.inf": -.infinity, "-.Inf": -.infinity, "-.INF": -.infinity,
        ".nan": .nan, ".NaN": .nan, ".NAN": .nan,
    ]

    /// A number in the YAML 1.2 core schema's spellings: decimal integers and floats, `0o` octal, `0x` hex,
    /// `.inf` and `.nan`. (`Double(_:)` alone would also take `inf`, `nan` and hex floats, which YAML reads as text.)
    static func number(in text: String) -> Double? {
        if let special = specialNumbers[text] { return special }
        for (prefix, radix) in [("0o", 8), ("0x", 16)] where text.hasPrefix(prefix) {
            let digits = text.dropFirst(2)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit }) else { return nil }
            return Int(digits, radix: radix).map(Double.init)
        }
        guard text.allSatisfy(decimalCharacters.contains), text.contains(where: \.isNumber) else { return nil }
        return Double(text)
    }
}
