/// Encodes `Encodable` types to JSON without Foundation, with the same rules as Foundation's
/// JSONEncoder with default options: nil optionals that `encodeIfPresent` skips are left out, a
/// `[String: T]` is an object, a value that encodes nothing is `{}`. Members keep the order in which
/// they were encoded.
package enum JSONValueEncoder {
    /// `value` as UTF-8 JSON text.
    package static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encodeValue(value).serialized()
    }

    /// `value` as a JSON value.
    package static func encodeValue<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = Node()
        try node.store(value, codingPath: [])
        return node.value
    }
}

extension JSONValue {
    /// Compact UTF-8 JSON text (no spaces); strings escape `"`, `\` and control characters only.
    package func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .number(let text): out += text.utf8
        case .string(let text): Self.writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case 0..<0x20: out += #"\u00"#.utf8 + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A value under construction: containers hand out child nodes that later encodes fill in.
private final class Node {
    var scalar: JSONValue?
    var members: [(key: String, node: Node)]?
    var elements: [Node]?

    var value: JSONValue {
        if let members { return .object(members.map { ($0.key, $0.node.value) }) }
        if let elements { return .array(elements.map(\.value)) }
        return scalar ?? .object([])
    }

    func child(_ key: String) -> Node {
        if let existing = members?.first(where: { $0.key == key }) { return existing.node }
        let node = Node()
        members = (members ?? []) + [(key, node)]
        return node
    }

    func appended() -> Node {
        let node = Node()
        elements = (elements ?? []) + [node]
        return node
    }

    /// Stores `value`: a scalar directly, anything else through its `encode(to:)`.
    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let scalar = try Self.scalar(value, codingPath) {
            self.scalar = scalar
        } else {
            try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }

    private static func scalar(_ value: Any, _ path: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let flag as Bool: return .bool(flag)
        case let text as String: return .string(text)
        case let number as Int: return .number(String(number))
        case let number as Int8: return .number(String(number))
        case let number as Int16: return .number(String(number))
        case let number as Int32: return .number(String(number))
        case let number as Int64: return .number(String(number))
        case let number as UInt: return .number(String(number))
        case let number as UInt8: return .number(String(number))
        case let number as UInt16: return .number(String(number))
        case let number as UInt32: return .number(String(number))
        case let number as UInt64: return .number(String(number))
        case let number as Double: return try finite(number, number.isFinite, path)
        case let number as Float: return try finite(number, number.isFinite, path)
        default: return nil
        }
    }

    private static func finite(_ number: Any, _ isFinite: Bool, _ path: [any CodingKey]) throws -> JSONValue {
        guard isFinite else {
            throw EncodingError.invalidValue(
                number, .init(codingPath: path, debugDescription: "Unable to encode \(number) directly in JSON."))
        }
        return .number("\(number)")
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [] }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(key.stringValue).scalar = .null }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.child(key.stringValue).store(value, codingPath: codingPath + [key])
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeAny(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeAny(value, key) }

    private mutating func encodeAny<T: Encodable>(_ value: T, _ key: Key) throws {
        try node.child(key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int { node.elements?.count ?? 0 }

    mutating func encodeNil() throws { node.appended().scalar = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.appended().store(value, codingPath: codingPath)
    }
    mutating func encode(_ value: Bool) throws { try node.appended().store(value, codingPath: codingPath) }
    mutating func encode(_ value: String) throws { try node.appended().store(value, codingPath: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: node.appended(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.appended(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appended(), codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.scalar = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.store(value, codingPath: codingPath) }
    mutating func encode(_ value: Bool) throws { try node.store(value, codingPath: codingPath) }
    mutating func encode(_ value: String) throws { try node.store(value, codingPath: codingPath) }
}
