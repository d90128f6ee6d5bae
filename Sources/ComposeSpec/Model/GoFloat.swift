/// Prints floating-point numbers as Go does, since compose-go's output is the reference: the shortest
/// digits that read back to the same `float32` or `float64`, in `%g` form for YAML and in
/// `encoding/json`'s form for JSON.
enum GoFloat {
    /// The shortest decimal digits of `value` and the position of the decimal point:
    /// `value == 0.d₁d₂… × 10^point`. Zero has no digits.
    static func decimal(_ value: Double, isSingle: Bool) -> (digits: [Character], point: Int) {
        let text = isSingle ? Float(value).magnitude.description : value.magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let power = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts.first ?? ""
        let integerPart = mantissa.prefix { $0 != "." }
        let fraction = mantissa.dropFirst(integerPart.count + 1)
        var digits = Array(integerPart + fraction)
        var point = integerPart.count + power
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return digits.isEmpty ? ([], 0) : (digits, point)
    }

    /// `strconv.FormatFloat(value, 'g', -1, bits)`, as go-yaml writes floats.
    static func yamlText(_ value: Double, isSingle: Bool) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        let (digits, point) = decimal(value, isSingle: isSingle)
        let sign = value < 0 ? "-" : ""
        guard !digits.isEmpty else { return sign + "0" }
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            return sign + exponential(digits, exponent: exponent)
        }
        return sign + fixed(digits, point: point)
    }

    /// What Go's `encoding/json` writes: fixed notation, exponents only below 1e-6 or from 1e21 on.
    static func jsonText(_ value: Double, isSingle: Bool) -> String {
        guard value.isFinite else { return "null" }
        let (digits, point) = decimal(value, isSingle: isSingle)
        let sign = value < 0 ? "-" : ""
        guard !digits.isEmpty else { return sign + "0" }
        let magnitude = value.magnitude
        if magnitude < 1e-6 || magnitude >= 1e21 {
            // Go trims one leading zero of a negative exponent: 1e-07 becomes 1e-7.
            let text = exponential(digits, exponent: point - 1)
            return sign + text.replacing("e-0", with: "e-")
        }
        return sign + fixed(digits, point: point)
    }

    /// `d.ddde±XX` with at least two exponent digits.
    private static func exponential(_ digits: [Character], exponent: Int) -> String {
        var text = String(digits[0])
        if digits.count > 1 { text += "." + String(digits.dropFirst()) }
        let power = String(abs(exponent))
        return text + (exponent < 0 ? "e-" : "e+") + (power.count < 2 ? "0" + power : power)
    }

    /// Fixed notation with exactly the digits given.
    private static func fixed(_ digits: [Character], point: Int) -> String {
        let integer =
            point <= 0
            ? "0" : String(digits.prefix(point)) + String(repeating: "0", count: max(0, point - digits.count))
        let fractionCount = digits.count - point
        guard fractionCount > 0 else { return integer }
        let fraction = String(repeating: "0", count: max(0, -point)) + String(digits.suffix(fractionCount))
        return integer + "." + fraction
    }
}
