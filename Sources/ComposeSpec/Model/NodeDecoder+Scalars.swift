extension NodeValueDecoder {
    /// Decodes the standard library's scalar types from the node's text; nil for any other type.
    func primitive<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is String.Type: return try text() as? T
        case is Bool.Type: return try boolean() as? T
        case is Double.Type: return try number() as? T
        case is Float.Type: return try Float(number()) as? T
        case is Int.Type: return try integer(Int.self) as? T
        case is Int64.Type: return try integer(Int64.self) as? T
        case is Int32.Type: return try integer(Int32.self) as? T
        case is UInt64.Type: return try integer(UInt64.self) as? T
        case is UInt32.Type: return try integer(UInt32.self) as? T
        case is UInt16.Type: return try integer(UInt16.self) as? T
        case is UInt.Type: return try integer(UInt.self) as? T
        default: return nil
        }
    }

    /// The node's text; null reads as empty text, as compose-go reads `label:` with no value.
    func text() throws -> String {
        switch node.kind {
        case .scalar(let text): text
        case .null: ""
        case .mapping, .sequence: throw mismatch("a string")
        }
    }

    func boolean() throws -> Bool {
        guard let text = node.scalar, let value = ScalarText.boolean(text, isQuoted: node.isQuoted) else {
            throw mismatch("a boolean")
        }
        return value
    }

    func number() throws -> Double {
        guard let text = node.scalar, let value = ScalarText.number(text) else { throw mismatch("a number") }
        return value
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard let text = node.scalar else { throw mismatch("an integer") }
        let value: I?
        if text.hasPrefix("-") {
            guard let signed = ScalarText.integer(text, isQuoted: node.isQuoted) else { throw mismatch("an integer") }
            value = I(exactly: signed)
        } else {
            guard let magnitude = ScalarText.unsigned(text, isQuoted: node.isQuoted) else {
                throw mismatch("an integer")
            }
            value = I(exactly: magnitude)
        }
        guard let value else { throw invalid("expected an integer between \(I.min) and \(I.max), got '\(text)'") }
        return value
    }
}

/// Reads one scalar (or null) through the `SingleValueDecodingContainer` protocol.
struct SingleNodeContainer: SingleValueDecodingContainer {
    let decoder: NodeValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeValue(type)
    }
}

/// Reads the items of a YAML sequence in order.
struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let decoder: NodeValueDecoder
    let items: [YAMLNode]
    private(set) var currentIndex = 0

    init(decoder: NodeValueDecoder, items: [YAMLNode]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let child = try nextDecoder()
        currentIndex += 1
        return try child.decodeValue(type)
    }

    mutating func nestedContainer<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let child = try nextDecoder()
        currentIndex += 1
        return try child.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let child = try nextDecoder()
        currentIndex += 1
        return try child.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let child = try nextDecoder()
        currentIndex += 1
        return child
    }

    private func nextDecoder() throws -> NodeValueDecoder {
        guard !isAtEnd else { throw decoder.invalid("expected more items in the list") }
        let item = items[currentIndex]
        return decoder.child(item, at: item.location, key: IndexKey(currentIndex))
    }
}
