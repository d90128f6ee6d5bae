/// A value ready to be written by `berth config`: the model after compose-go's omission rules, with
/// struct fields in declaration order and dictionaries still unsorted (YAML and JSON sort differently).
package indirect enum CanonicalValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer as decimal text, so signed and unsigned 64-bit values both fit.
    case integer(String)
    /// A floating-point number; `isSingle` for Go `float32` fields, which print with fewer digits.
    case float(Double, isSingle: Bool)
    /// Text, quoted as each format needs.
    case string(String)
    /// A list.
    case list([CanonicalValue])
    /// The fields of a struct, in order.
    case fields([CanonicalEntry])
    /// The entries of a dictionary, in any order: writers sort them.
    case map([CanonicalEntry])

    /// True for an empty struct or dictionary.
    var isEmptyMapping: Bool {
        switch self {
        case .fields(let entries), .map(let entries): entries.isEmpty
        default: false
        }
    }
}

/// One key and its value in a `CanonicalValue` mapping.
package struct CanonicalEntry: Sendable, Equatable {
    package var key: String
    package var value: CanonicalValue

    package init(_ key: String, _ value: CanonicalValue) {
        self.key = key
        self.value = value
    }
}

/// The two output formats of `berth config`.
package enum CanonicalFormat: Sendable {
    /// YAML, as go-yaml writes it.
    case yaml
    /// JSON, as Go's `json.MarshalIndent` writes it.
    case json
}
