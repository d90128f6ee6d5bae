import Foundation

/// The Compose Specification JSON schema (draft-07), compiled into the binary, and the check of a compose document
/// against it. Messages follow compose-go's wording (`must be a string`, `additional properties 'foo' not allowed`).
package struct ComposeSchema: Sendable {
    let root: JSONSchemaNode
    /// `#/definitions`, by name; every `$ref` of the schema names one of them (checked when the schema is read).
    let definitions: [String: JSONSchemaNode]

    /// The schema embedded in `ComposeSchema.json`, read once.
    package static let standard: ComposeSchema = {
        do {
            return try ComposeSchema(jsonText: json)
        } catch {
            // The text is our own compiled-in constant, not input: a failure is a build defect that every test that
            // touches validation reports at once.
            preconditionFailure("the compiled-in compose schema cannot be read: \(error)")
        }
    }()

    /// Reads a draft-07 schema that uses only the keywords `JSONSchemaNode` supports.
    init(jsonText: String) throws(SchemaParseError) {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(jsonText.utf8))
        } catch {
            throw SchemaParseError("", "is not JSON: \(error)")
        }
        root = try JSONSchemaNode(json: json, at: "")
        definitions = try JSONSchemaNode.schemas((json as? [String: Any])?["definitions"], at: "#/definitions")
        if let missing = Self.references(in: [root] + definitions.values).first(where: { definitions[$0] == nil }) {
            throw SchemaParseError("#/definitions/\(missing)", "is referenced but not defined")
        }
    }

    private static func references(in schemas: [JSONSchemaNode]) -> Set<String> {
        var found: Set<String> = []
        var pending = schemas
        while let schema = pending.popLast() {
            if let reference = schema.reference { found.insert(reference) }
            pending += schema.properties.values + schema.patternProperties.map(\.schema) + schema.oneOf
            if let items = schema.items { pending.append(items) }
        }
        return found
    }
}
