/// How `berth config` writes one field of a model type. The cases mirror compose-go's struct tags, because
/// its output (the reference for `docker compose config`) follows Go's `omitempty` and pointer rules.
package enum FieldRule: Sendable {
    /// Go `omitempty` on a value: absent, empty text, false, zero and empty collections are left out;
    /// a present struct is written even when empty (a Go pointer).
    case omitEmpty
    /// Written whenever present, zero and false included (a Go pointer to a scalar, or no `omitempty`).
    case keepZero
    /// Left out when absent or true (compose-go's `OptOut`: a boolean whose default is true).
    case optOut
    /// Like `keepZero` in YAML; absent is written as `null` in JSON (a Go slice without `omitempty`).
    case nullInJSON
    /// A Go struct held by value: left out of YAML when absent or empty, always written in JSON, where
    /// an absent value is written as `jsonDefault`.
    case structValue(jsonDefault: any Encodable & Sendable)
    /// The `x-` extension fields: spliced into the parent mapping after its fields, sorted; JSON keeps
    /// them only when `inJSON` (compose-go writes extensions in JSON at the top level only).
    case inlineExtensions(inJSON: Bool)
}

/// A coding key of a model type: it names the YAML key and says how the key is read and written.
package protocol ModelKey: CodingKey {
    /// How the canonical encoder writes the field.
    var rule: FieldRule { get }
    /// How the node decoder reads the field beyond its declared type.
    var reading: FieldReading { get }
}

/// Relaxations the node decoder applies to one field before decoding it.
package enum FieldReading: Sendable {
    /// The value is read as its type says.
    case plain
    /// A single string is read as a one-element list (the spec's `string_or_list`).
    case stringOrList
    /// A mapping is read as a list of `KEY=VALUE` strings (`KEY` alone for a null value).
    case mappingAsList
    /// The values of a mapping that are single strings are read as one-element lists.
    case valuesAsLists
}

extension ModelKey {
    package var rule: FieldRule { .omitEmpty }
    package var reading: FieldReading { .plain }
}

/// The coding key of the `extensions` field every model type with `x-` keys declares.
package let extensionsFieldName = "extensions"
