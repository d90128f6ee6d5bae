/// The orders in which `berth config` writes dictionary keys: Go's JSON encoder sorts bytes, while the YAML
/// encoder compose-go uses sorts "naturally" (runs of digits by value, non-letters before letters).
enum KeyOrder {
    /// Byte order of the UTF-8 text, as Go's `encoding/json` sorts map keys.
    static func jsonPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// The order of go-yaml's key sorter for string keys.
    static func yamlPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        var previousIsDigit = false
        for index in 0..<min(left.count, right.count) {
            let (a, b) = (left[index], right[index])
            if a == b {
                previousIsDigit = isDigit(a)
                continue
            }
            let (aIsLetter, bIsLetter) = (isLetter(a), isLetter(b))
            if aIsLetter && bIsLetter { return a.value < b.value }
            if aIsLetter || bIsLetter { return previousIsDigit ? aIsLetter : bIsLetter }
            return numericPrecedes(left, right, at: index) ?? (a.value < b.value)
        }
        return left.count < right.count
    }

    /// Compares the digit runs starting at `index`; nil when they are equal in value and length.
    private static func numericPrecedes(
        _ left: [Unicode.Scalar], _ right: [Unicode.Scalar], at index: Int
    ) -> Bool? {
        var leftNumber: Int64 = 0
        var rightNumber: Int64 = 0
        if left[index] == "0" || right[index] == "0" {
            // A zero after a non-zero digit run is part of a larger number, not a leading zero.
            var back = index - 1
            while back >= 0 && isDigit(left[back]) {
                if left[back] != "0" {
                    leftNumber = 1
                    rightNumber = 1
                    break
                }
                back -= 1
            }
        }
        var leftEnd = index
        while leftEnd < left.count, isDigit(left[leftEnd]) {
            leftNumber = leftNumber &* 10 &+ Int64(digitValue(left[leftEnd]))
            leftEnd += 1
        }
        var rightEnd = index
        while rightEnd < right.count, isDigit(right[rightEnd]) {
            rightNumber = rightNumber &* 10 &+ Int64(digitValue(right[rightEnd]))
            rightEnd += 1
        }
        if leftNumber != rightNumber { return leftNumber < rightNumber }
        if leftEnd != rightEnd { return leftEnd < rightEnd }
        return nil
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .decimalNumber
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int {
        scalar.properties.numericValue.map { Int($0) } ?? 0
    }

    /// Sorts dictionary entries for `format`.
    static func sorted(_ entries: [CanonicalEntry], for format: CanonicalFormat) -> [CanonicalEntry] {
        switch format {
        case .yaml: entries.sorted { yamlPrecedes($0.key, $1.key) }
        case .json: entries.sorted { jsonPrecedes($0.key, $1.key) }
        }
    }
}
