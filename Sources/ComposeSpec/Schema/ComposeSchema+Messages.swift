/// The wording of schema diagnostics, close to compose-go's (`must be a boolean, null, number or string`).
extension ComposeSchema {
    /// `must be a mapping`, `must be an integer or string`: the types in alphabetical order, as compose-go lists them.
    static func typeMessage(_ types: [JSONSchemaNode.ValueType]) -> String {
        let names = Set(types.map(typeName)).sorted()
        guard let first = names.first, let last = names.last else { return "must not be present" }
        let list = names.count == 1 ? first : "\(names.dropLast().joined(separator: ", ")) or \(last)"
        if first == "null" { return "must be \(list)" }
        let article = ["a", "e", "i", "o", "u"].contains(first.prefix(1)) ? "an" : "a"
        return "must be \(article) \(list)"
    }

    /// YAML words for JSON types: an object is a mapping and an array is a list.
    private static func typeName(_ type: JSONSchemaNode.ValueType) -> String {
        switch type {
        case .object: "mapping"
        case .array: "list"
        default: type.rawValue
        }
    }

    static func oneOfMessage(_ allowed: [String]) -> String {
        let quoted = allowed.map { "'\($0)'" }
        guard let last = quoted.last else { return "must not be present" }
        return quoted.count == 1
            ? "must be \(last)" : "must be one of \(quoted.dropLast().joined(separator: ", ")) or \(last)"
    }

    /// `additional properties 'imgae' not allowed; did you mean 'image'?`
    static func unknownKeyMessage(_ key: String, known: some Sequence<String>) -> String {
        let message = "additional properties '\(key)' not allowed"
        guard let suggestion = closestKey(to: key, in: known) else { return message }
        return "\(message); did you mean '\(suggestion)'?"
    }

    /// `0` for `0.0`: the schema's bounds are integers written as JSON numbers.
    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// The known key nearest to `key` by edit distance (a swap of neighbours counts once), if near enough to be
    /// a likely typo: one edit for short keys, up to three for long ones. Ties go to the alphabetically first key.
    static func closestKey(to key: String, in known: some Sequence<String>) -> String? {
        let limit = max(1, min(3, key.count / 3))
        let typed = Array(key.lowercased())
        var best: (key: String, distance: Int)?
        for candidate in known.sorted() {
            let distance = editDistance(typed, Array(candidate.lowercased()))
            if distance <= limit && distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.key
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
    private static func editDistance(_ lhs: [Character], _ rhs: [Character]) -> Int {
        guard !lhs.isEmpty else { return rhs.count }
        guard !rhs.isEmpty else { return lhs.count }
        var previous2: [Int] = []
        var previous = Array(0...rhs.count)
        for i in 1...lhs.count {
            var current = [i] + Array(repeating: 0, count: rhs.count)
            for j in 1...rhs.count {
                let cost = lhs[i - 1] == rhs[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && lhs[i - 1] == rhs[j - 2] && lhs[i - 2] == rhs[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[rhs.count]
    }
}
