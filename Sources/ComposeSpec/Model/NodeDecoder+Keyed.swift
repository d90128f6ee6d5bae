/// Reads the entries of a YAML mapping by key. For model types (`ModelKey`), the `extensions` key collects
/// every `x-` entry and a key's `FieldReading` may reshape its value before it is decoded.
struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeValueDecoder
    let entries: [YAMLNode.Entry]
    /// Where each key sits in `entries`: a model type asks for every one of its ~100 keys, so a linear
    /// search per key made decoding large projects quadratic.
    private let positions: [String: Int]
    private let hasExtensions: Bool

    init(decoder: NodeValueDecoder, entries: [YAMLNode.Entry]) {
        self.decoder = decoder
        self.entries = entries
        var positions: [String: Int] = [:]
        positions.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() where positions[entry.key] == nil {
            positions[entry.key] = index
        }
        self.positions = positions
        hasExtensions = entries.contains { $0.key.hasPrefix("x-") }
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool {
        if isExtensions(key) { return hasExtensions }
        return positions[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try childDecoder(for: key).node.isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try childDecoder(for: key).decodeValue(type)
    }

    /// An optional field that fails to decode is recorded and read as absent, so decoding goes on and the
    /// run reports every bad value, not just the first.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        let child = try childDecoder(for: key)
        guard !child.node.isNull else { return nil }
        do {
            return try child.decodeValue(type)
        } catch let error as SpecError {
            decoder.sink.diagnostics += error.diagnostics
            return nil
        }
    }

    func nestedContainer<Nested: CodingKey>(
        keyedBy type: Nested.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<Nested> {
        try childDecoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try childDecoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try childDecoder(for: key)
    }

    private func isExtensions(_ key: Key) -> Bool {
        key is any ModelKey && key.stringValue == extensionsFieldName
    }

    private func childDecoder(for key: Key) throws -> NodeValueDecoder {
        if isExtensions(key) {
            let fields = entries.filter { $0.key.hasPrefix("x-") }
            return NodeValueDecoder(
                node: .mapping(fields, at: decoder.location), location: decoder.location,
                codingPath: decoder.codingPath, sink: decoder.sink)
        }
        guard let position = positions[key.stringValue] else {
            throw SpecError(
                SpecDiagnostic(
                    .missingKey, "missing required key '\(key.stringValue)'", at: decoder.location,
                    path: decoder.path))
        }
        let entry = entries[position]
        let reading = (key as? any ModelKey)?.reading ?? .plain
        return decoder.child(reshaped(entry.value, for: reading), at: entry.value.location, key: key)
    }

    private func reshaped(_ node: YAMLNode, for reading: FieldReading) -> YAMLNode {
        switch (reading, node.kind) {
        case (.stringOrList, .scalar):
            return .sequence([node], at: node.location)
        case (.mappingAsList, .mapping(let list)):
            let items = list.flatMap { entry -> [YAMLNode] in
                let values = entry.value.items ?? [entry.value]
                return values.map { value in
                    let text = value.scalar.map { "\(entry.key)=\($0)" } ?? entry.key
                    return .scalar(text, at: entry.keyLocation)
                }
            }
            return .sequence(items, at: node.location)
        case (.valuesAsLists, .mapping(let list)):
            let entries = list.map { entry in
                var entry = entry
                if entry.value.scalar != nil { entry.value = .sequence([entry.value], at: entry.value.location) }
                return entry
            }
            return .mapping(entries, at: node.location)
        default:
            return node
        }
    }
}

// The protocol's default `decodeIfPresent` for the standard scalar types would win over the generic one
// above and stop at the first bad value; these send them through it.
extension KeyedNodeContainer {
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        try decodeIfPresent(type, forKey: key)
    }
}
