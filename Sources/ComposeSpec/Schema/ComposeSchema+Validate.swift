extension ComposeSchema {
    /// Checks `document` against the schema and returns every error found, in document order, each once.
    /// `deprecated` is left to the loader, which already warns about `version`.
    package func validate(_ document: YAMLNode) -> [SpecDiagnostic] {
        var seen: Set<String> = []
        return check(document, against: root, path: "").filter { diagnostic in
            seen.insert("\(diagnostic.code)|\(diagnostic.path)|\(diagnostic.location)|\(diagnostic.message)").inserted
        }
    }

    private func check(_ node: YAMLNode, against schema: JSONSchemaNode, path: String) -> [SpecDiagnostic] {
        let schema = resolved(schema)
        if let types = schema.types, !types.contains(where: node.matches) {
            // Every other keyword would only restate that the value has the wrong shape.
            return [wrongType(node, expected: types, path: path)]
        }
        var found = checkValue(node, against: schema, path: path)
        switch node.kind {
        case .mapping(let entries):
            found += checkMapping(node, entries, against: schema, path: path)
        case .sequence(let items):
            found += checkSequence(items, against: schema, path: path)
        case .null, .scalar:
            break
        }
        if !schema.oneOf.isEmpty {
            found += checkOneOf(node, branches: schema.oneOf, path: path)
        }
        return found
    }

    /// Follows `$ref` to its definition.
    private func resolved(_ schema: JSONSchemaNode) -> JSONSchemaNode {
        var current = schema
        // The references were checked when the schema was read; the bound only guards a definition naming itself.
        for _ in 0..<16 {
            guard let name = current.reference, let target = definitions[name] else { break }
            current = target
        }
        return current
    }

    /// `enum`, `pattern`, `minimum` and `maximum`.
    private func checkValue(_ node: YAMLNode, against schema: JSONSchemaNode, path: String) -> [SpecDiagnostic] {
        var found: [SpecDiagnostic] = []
        if let allowed = schema.allowedValues, !(node.scalar.map(allowed.contains) ?? false) {
            found.append(invalid(node, Self.oneOfMessage(allowed), path: path))
        }
        if let pattern = schema.pattern, let text = node.scalar, node.matches(.string), !pattern.matches(text) {
            found.append(invalid(node, "must match the pattern '\(pattern.source)'", path: path))
        }
        if let value = node.numberValue {
            if let minimum = schema.minimum, value < minimum {
                found.append(invalid(node, "must be greater than or equal to \(Self.format(minimum))", path: path))
            }
            if let maximum = schema.maximum, value > maximum {
                found.append(invalid(node, "must be less than or equal to \(Self.format(maximum))", path: path))
            }
        }
        return found
    }

    /// `required`, `properties`, `patternProperties` and `additionalProperties`.
    private func checkMapping(
        _ node: YAMLNode, _ entries: [YAMLNode.Entry], against schema: JSONSchemaNode, path: String
    ) -> [SpecDiagnostic] {
        let present = Set(entries.map(\.key))
        var found = schema.required.filter { !present.contains($0) }.map { name in
            SpecDiagnostic(.missingKey, "missing property '\(name)'", at: node.location, path: path)
        }
        for entry in entries {
            let childPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            var value = entry.value
            // An empty value has no text to point at; its key is where the reader looks.
            if value.isNull { value.location = entry.keyLocation }
            var isDeclared = false
            if let property = schema.properties[entry.key] {
                isDeclared = true
                found += check(value, against: property, path: childPath)
            }
            // Draft-07 applies every matching pattern as well as the named property.
            for patternProperty in schema.patternProperties where patternProperty.pattern.matches(entry.key) {
                isDeclared = true
                found += check(value, against: patternProperty.schema, path: childPath)
            }
            if !isDeclared && !schema.allowsAdditionalProperties {
                let message = Self.unknownKeyMessage(entry.key, known: schema.properties.keys)
                found.append(SpecDiagnostic(.unknownKey, message, at: entry.keyLocation, path: path))
            }
        }
        return found
    }

    /// `items` and `uniqueItems`.
    private func checkSequence(_ items: [YAMLNode], against schema: JSONSchemaNode, path: String) -> [SpecDiagnostic] {
        var found: [SpecDiagnostic] = []
        if let itemSchema = schema.items {
            for (index, item) in items.enumerated() {
                found += check(item, against: itemSchema, path: "\(path)[\(index)]")
            }
        }
        if schema.requiresUniqueItems {
            var firstIndex: [String: Int] = [:]
            for (index, item) in items.enumerated() {
                let text = item.canonicalText
                if let earlier = firstIndex[text] {
                    let message = "items [\(earlier)] and [\(index)] are equal; list items must be unique"
                    found.append(invalid(item, message, path: path))
                } else {
                    firstIndex[text] = index
                }
            }
        }
        return found
    }

    /// `oneOf`, read as "at least one": a text scalar can satisfy several types at once (`"80"` is a string and a
    /// number), so demanding exactly one branch would refuse values compose accepts. When no branch fits, the
    /// errors of the branch whose type matches the value explain best; if none matches, name the expected types.
    private func checkOneOf(_ node: YAMLNode, branches: [JSONSchemaNode], path: String) -> [SpecDiagnostic] {
        var best: [SpecDiagnostic]?
        // A branch whose types exclude the node can only fail, so it is not checked at all: building
        // its error messages was most of the cost of validating large files.
        for branch in branches where accepts(node, branch) {
            let found = check(node, against: branch, path: path)
            if found.isEmpty { return [] }
            if found.count < best?.count ?? .max {
                best = found
            }
        }
        if let best { return best }
        return [wrongType(node, expected: branches.flatMap(acceptedTypes), path: path)]
    }

    /// Whether `node` has one of the types `schema` allows, looking through `$ref` and `oneOf`.
    private func accepts(_ node: YAMLNode, _ schema: JSONSchemaNode) -> Bool {
        let schema = resolved(schema)
        if let types = schema.types, !types.contains(where: node.matches) { return false }
        return schema.oneOf.isEmpty || schema.oneOf.contains { accepts(node, $0) }
    }

    /// The types `schema` allows, looking through `$ref` and `oneOf`.
    private func acceptedTypes(_ schema: JSONSchemaNode) -> [JSONSchemaNode.ValueType] {
        let schema = resolved(schema)
        let own = schema.types ?? JSONSchemaNode.ValueType.allCases
        guard !schema.oneOf.isEmpty else { return own }
        let inner = schema.oneOf.flatMap(acceptedTypes)
        return own.filter(inner.contains)
    }

    private func wrongType(_ node: YAMLNode, expected: [JSONSchemaNode.ValueType], path: String) -> SpecDiagnostic {
        let message = Self.typeMessage(expected)
        return SpecDiagnostic(
            .wrongType, path.isEmpty ? "top-level object \(message)" : message, at: node.location, path: path)
    }

    private func invalid(_ node: YAMLNode, _ message: String, path: String) -> SpecDiagnostic {
        SpecDiagnostic(.invalidValue, message, at: node.location, path: path)
    }
}
