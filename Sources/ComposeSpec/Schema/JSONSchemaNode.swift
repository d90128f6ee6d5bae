import Foundation

/// One schema of a draft-07 JSON schema, reduced to the keywords the Compose Specification uses.
///
/// A class so that `items` can hold a schema of the same type; every property is a constant, so it is `Sendable`.
final class JSONSchemaNode: Sendable {
    /// The JSON types a value may be declared as.
    enum ValueType: String, Sendable, CaseIterable {
        case string, integer, number, boolean, null, object, array
    }

    /// A `patternProperties` entry: keys matching `pattern` are checked against `schema`.
    struct PatternProperty: Sendable {
        let pattern: SchemaPattern
        let schema: JSONSchemaNode
    }

    /// `type`; nil when any type is allowed.
    let types: [ValueType]?
    /// `$ref` as the name of a definition (`#/definitions/<name>`); draft-07 ignores the other keywords beside it.
    let reference: String?
    let properties: [String: JSONSchemaNode]
    let patternProperties: [PatternProperty]
    /// False for `additionalProperties: false`, the only form the compose schema uses.
    let allowsAdditionalProperties: Bool
    let required: [String]
    /// `enum`: the allowed texts (the compose schema only enumerates strings).
    let allowedValues: [String]?
    let oneOf: [JSONSchemaNode]
    let items: JSONSchemaNode?
    let requiresUniqueItems: Bool
    let minimum: Double?
    let maximum: Double?
    let pattern: SchemaPattern?

    /// Keywords that only annotate: they never make a value invalid. `deprecated` is the loader's to report (it
    /// warns about `version`); `format` is an annotation in draft-07 unless a validator opts in, and the compose
    /// schema does not use it today.
    private static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated", "definitions",
        "format",
    ]
    private static let keywords: Set<String> = [
        "type", "$ref", "properties", "patternProperties", "additionalProperties", "required", "enum", "oneOf",
        "items", "uniqueItems", "minimum", "maximum", "pattern",
    ]

    /// Reads one schema object; `pointer` names it in errors (`#/definitions/service`).
    init(json: Any, at pointer: String) throws(SchemaParseError) {
        guard let object = json as? [String: Any] else { throw SchemaParseError(pointer, "is not an object") }
        // Refuse keywords we do not implement, so a newer schema cannot be half-checked in silence.
        if let unknown = object.keys.sorted().first(where: {
            !Self.keywords.contains($0) && !Self.annotations.contains($0)
        }) {
            throw SchemaParseError(pointer, "uses unsupported keyword '\(unknown)'")
        }
        types = try Self.types(object["type"], at: pointer)
        reference = try Self.reference(object["$ref"], at: pointer)
        properties = try Self.schemas(object["properties"], at: pointer + "/properties")
        patternProperties = try Self.schemas(object["patternProperties"], at: pointer + "/patternProperties")
            .sorted { $0.key < $1.key }
            .map { key, schema throws(SchemaParseError) in
                PatternProperty(pattern: try SchemaPattern(key, at: pointer), schema: schema)
            }
        // Only the boolean form occurs; a schema here would fail the Bool read and stop the build's tests.
        allowsAdditionalProperties = try Self.value(object["additionalProperties"], at: pointer) ?? true
        required = try Self.value(object["required"], at: pointer) ?? []
        allowedValues = try Self.value(object["enum"], at: pointer)
        oneOf = try Self.schemaList(object["oneOf"], at: pointer + "/oneOf")
        items = try object["items"].map { value throws(SchemaParseError) in
            try JSONSchemaNode(json: value, at: pointer + "/items")
        }
        requiresUniqueItems = try Self.value(object["uniqueItems"], at: pointer) ?? false
        minimum = try Self.value(object["minimum"], at: pointer)
        maximum = try Self.value(object["maximum"], at: pointer)
        pattern = try (Self.value(object["pattern"], at: pointer) as String?).map { text throws(SchemaParseError) in
            try SchemaPattern(text, at: pointer)
        }
    }

    /// Reads every schema of a name → schema object (`properties`, `definitions`).
    static func schemas(_ json: Any?, at pointer: String) throws(SchemaParseError) -> [String: JSONSchemaNode] {
        guard let json else { return [:] }
        guard let object = json as? [String: Any] else { throw SchemaParseError(pointer, "is not an object") }
        var result: [String: JSONSchemaNode] = [:]
        for (name, value) in object {
            result[name] = try JSONSchemaNode(json: value, at: "\(pointer)/\(name)")
        }
        return result
    }

    private static func schemaList(_ json: Any?, at pointer: String) throws(SchemaParseError) -> [JSONSchemaNode] {
        guard let json else { return [] }
        guard let list = json as? [Any] else { throw SchemaParseError(pointer, "is not an array") }
        var result: [JSONSchemaNode] = []
        for (index, value) in list.enumerated() {
            result.append(try JSONSchemaNode(json: value, at: "\(pointer)/\(index)"))
        }
        return result
    }

    private static func types(_ json: Any?, at pointer: String) throws(SchemaParseError) -> [ValueType]? {
        guard let json else { return nil }
        let names = (json as? [String]) ?? (json as? String).map { [$0] }
        guard let names else { throw SchemaParseError(pointer, "has a type that is neither a string nor a list") }
        return try names.map { name throws(SchemaParseError) in
            guard let type = ValueType(rawValue: name) else { throw SchemaParseError(pointer, "has type '\(name)'") }
            return type
        }
    }

    private static func reference(_ json: Any?, at pointer: String) throws(SchemaParseError) -> String? {
        guard let json else { return nil }
        let prefix = "#/definitions/"
        guard let text = json as? String, text.hasPrefix(prefix) else {
            throw SchemaParseError(pointer, "has a $ref outside #/definitions")
        }
        return String(text.dropFirst(prefix.count))
    }

    /// A keyword's value of an expected Foundation type; nil when the keyword is absent.
    private static func value<Value>(_ json: Any?, at pointer: String) throws(SchemaParseError) -> Value? {
        guard let json else { return nil }
        // JSONSerialization gives NSNumber for both booleans and numbers; bridge them explicitly.
        if Value.self == Double.self, let number = json as? NSNumber { return number.doubleValue as? Value }
        guard let value = json as? Value else { throw SchemaParseError(pointer, "has a keyword of the wrong type") }
        return value
    }
}

/// Why the compiled-in schema could not be read: a defect of the build, never of the user's input.
struct SchemaParseError: Error, Sendable, CustomStringConvertible {
    let pointer: String
    let problem: String

    init(_ pointer: String, _ problem: String) {
        self.pointer = pointer
        self.problem = problem
    }

    var description: String { "\(pointer.isEmpty ? "#" : pointer) \(problem)" }
}
