/// Reads numbers and booleans from scalar text the way compose-go does after YAML and mapstructure.
enum ScalarText {
    /// An integer in Go's base-prefixed syntax (`42`, `-1`, `0x1f`, `0o17`, `017`, `0b101`); YAML plain
    /// scalars may also group digits with `_`.
    static func integer(_ text: String, isQuoted: Bool) -> Int64? {
        var rest = Substring(isQuoted ? text : text.replacing("_", with: ""))
        var isNegative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            isNegative = sign == "-"
            rest = rest.dropFirst()
        }
        guard let magnitude = unsignedMagnitude(rest) else { return nil }
        if isNegative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// A non-negative integer in the same syntax, up to `UInt64.max`.
    static func unsigned(_ text: String, isQuoted: Bool) -> UInt64? {
        var rest = Substring(isQuoted ? text : text.replacing("_", with: ""))
        if rest.first == "+" { rest = rest.dropFirst() }
        return unsignedMagnitude(rest)
    }

    private static func unsignedMagnitude(_ digits: Substring) -> UInt64? {
        let lower = digits.lowercased()
        let (radix, body): (Int, Substring) =
            switch true {
            case lower.hasPrefix("0x"): (16, digits.dropFirst(2))
            case lower.hasPrefix("0o"): (8, digits.dropFirst(2))
            case lower.hasPrefix("0b"): (2, digits.dropFirst(2))
            case lower.count > 1 && lower.hasPrefix("0"): (8, digits.dropFirst())
            default: (10, digits)
            }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        return UInt64(body, radix: radix)
    }

    /// A boolean: YAML 1.2 spellings for plain scalars, Go's `strconv.ParseBool` spellings for quoted ones.
    static func boolean(_ text: String, isQuoted: Bool) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: break
        }
        guard isQuoted else { return nil }
        switch text {
        case "1", "t", "T": return true
        case "0", "f", "F": return false
        default: return nil
        }
    }

    /// A decimal floating-point number (`1`, `-0.5`, `.5`, `1e3`); no hex, infinities or NaN.
    static func number(_ text: String) -> Double? {
        var rest = Substring(text)
        if let sign = rest.first, sign == "-" || sign == "+" { rest = rest.dropFirst() }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let exponent = rest.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digitsOnly = parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard digitsOnly, parts.contains(where: { !$0.isEmpty }) else { return nil }
        if !exponent.isEmpty {
            var power = exponent.dropFirst()
            if let sign = power.first, sign == "-" || sign == "+" { power = power.dropFirst() }
            guard !power.isEmpty, power.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        return Double(text)
    }
}
