/// Decodes `Decodable` types from JSON without Foundation, throwing the standard `DecodingError`s
/// (with their coding paths) as Foundation's JSONDecoder does, so callers describe errors the same way.
package enum JSONValueDecoder {
    /// Parses `bytes` and decodes a `T`. Malformed JSON is a `DecodingError.dataCorrupted` whose
    /// underlying error is the `JSONSyntaxError` (line and column).
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "not valid JSON: \(error)", underlyingError: error))
        }
        return try decode(type, from: value)
    }

    /// Decodes a `T` from an already parsed value.
    package static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: []))
    }
}

/// A coding key for array positions and dictionary keys.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(
        type, .init(codingPath: path, debugDescription: "Expected \(type) but found \(value.kindName) instead."))
}

/// Bool, String and the standard number types: decoded from a JSON scalar, never through `init(from:)`.
private func isScalar(_ type: Any.Type) -> Bool {
    type == Bool.self || type == String.self || number(type, "0") != nil
}

/// Converts a scalar JSON value to the requested scalar type.
private func scalar<T>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
    switch value {
    case .bool(let flag) where type == Bool.self: if let flag = flag as? T { return flag }
    case .string(let text) where type == String.self: if let text = text as? T { return text }
    case .number(let text) where type != Bool.self && type != String.self:
        guard let converted = number(type, text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "Number \(text) does not fit in \(type)."))
        }
        return converted
    default: break
    }
    throw mismatch(type, value, path)
}

/// The number `text` as a `T`, exactly; nil when `T` is not numeric or the number does not fit.
private func number<T>(_ type: T.Type, _ text: String) -> T? {
    func integer<I: FixedWidthInteger>(_: I.Type) -> I? {
        if let exact = I(text) { return exact }
        // 1.0 or 1e3 decode as integers when they are whole, as with Foundation's decoder.
        guard let double = Double(text), double.rounded() == double else { return nil }
        return I(exactly: double)
    }
    switch type {
    case is Int.Type: return integer(Int.self) as? T
    case is Int8.Type: return integer(Int8.self) as? T
    case is Int16.Type: return integer(Int16.self) as? T
    case is Int32.Type: return integer(Int32.self) as? T
    case is Int64.Type: return integer(Int64.self) as? T
    case is UInt.Type: return integer(UInt.self) as? T
    case is UInt8.Type: return integer(UInt8.self) as? T
    case is UInt16.Type: return integer(UInt16.self) as? T
    case is UInt32.Type: return integer(UInt32.self) as? T
    case is UInt64.Type: return integer(UInt64.self) as? T
    case is Double.Type: return Double(text) as? T
    case is Float.Type: return Float(text) as? T
    default: return nil
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self, value, codingPath) }
        var lookup: [String: JSONValue] = [:]
        for member in members { lookup[member.key] = member.value }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: lookup, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([Any].self, value, codingPath) }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValue(decoder: self) }
}

private struct SingleValue: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if isScalar(type) { return try scalar(type, decoder.value, codingPath) }
        return try T(from: decoder)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for key \"\(key.stringValue)\"."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try member(key)
        let path = codingPath + [key]
        if value == .null, isScalar(type) {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Found null."))
        }
        return try SingleValue(decoder: ValueDecoder(value: value, codingPath: path)).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try SingleValue(decoder: ValueDecoder(value: value, codingPath: codingPath + [key])).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath + [AnyKey(stringValue: "super")])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The next element's decoder; the index only moves on once it decoded.
    func next<T>(_ type: T.Type) throws -> ValueDecoder {
        guard !isAtEnd else {
            let path = codingPath + [AnyKey(intValue: currentIndex)]
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "No element left."))
        }
        return ValueDecoder(value: elements[currentIndex], codingPath: codingPath + [AnyKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = try next(type)
        let value = try SingleValue(decoder: decoder).decode(type)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let container = try next([String: Any].self).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try next([Any].self).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try next(Any.self)
        currentIndex += 1
        return decoder
    }
}
