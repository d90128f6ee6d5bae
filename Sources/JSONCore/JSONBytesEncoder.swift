/// Encodes `Encodable` values as compact UTF-8 JSON, without Foundation, for the engine's hot files
/// (record.json, config.json): Foundation's JSONEncoder spent about 1 ms of each container's create
/// on them, mostly in boxing every value. This one builds a light tree of plain enums and writes it
/// in one pass.
///
/// The output parses the same as JSONEncoder's with its default strategies for the types berth
/// stores: integers exactly, floating point numbers in their shortest form ("1" for 1.0; NaN and
/// infinity are errors), a key encoded twice keeps its last value. Unlike Foundation it knows no
/// Data or Date: those encode as their own `Encodable` forms (an array of numbers, a number).
package struct JSONBytesEncoder {
    /// Object members in ascending key order (Foundation's `.sortedKeys`), else in encoding order.
    package var sortedKeys: Bool

    package init(sortedKeys: Bool = false) {
        self.sortedKeys = sortedKeys
    }

    package func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = try SlotEncoder.slot(for: value, path: nil)
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        root.write(into: &out, sorted: sortedKeys)
        return out
    }
}

/// An encoded value. Objects and arrays are boxes, so containers handed out earlier keep filling them.
private enum Slot {
    case null
    case bool(Bool)
    case signed(Int64)
    case unsigned(UInt64)
    case real(Double)
    case string(String)
    case object(ObjectBox)
    case array(ArrayBox)
    /// A super-encoder's value, known only once its owner is done with it.
    case pending(SlotEncoder)
}

private final class ObjectBox {
    var keys: [String] = []
    var values: [Slot] = []

    func set(_ key: String, _ value: Slot) {
        // Objects are small (a struct's fields); a repeated key replaces, as in Foundation.
        if let index = keys.firstIndex(of: key) {
            values[index] = value
        } else {
            keys.append(key)
            values.append(value)
        }
    }
}

private final class ArrayBox {
    var elements: [Slot] = []
}

/// The coding path as a parent chain, made into an array only when someone asks (errors do).
private final class PathNode {
    let parent: PathNode?
    let key: any CodingKey
    init(parent: PathNode?, key: any CodingKey) {
        self.parent = parent
        self.key = key
    }
    var keys: [any CodingKey] { (parent?.keys ?? []) + [key] }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?
    init(index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) {}
    init?(intValue: Int) { nil }
}

private final class SlotEncoder: Encoder, SingleValueEncodingContainer {
    var result: Slot?
    let path: PathNode?

    init(path: PathNode?) {
        self.path = path
    }

    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// `value` encoded: scalars directly, anything else through its `encode(to:)`.
    static func slot<T: Encodable>(for value: T, path: PathNode?) throws -> Slot {
        if let scalar = try scalarSlot(value, path: path) { return scalar }
        let encoder = SlotEncoder(path: path)
        try value.encode(to: encoder)
        return encoder.result ?? .object(ObjectBox())
    }

    /// The standard scalar types without an encoder of their own (arrays of strings are common).
    private static func scalarSlot<T: Encodable>(_ value: T, path: PathNode?) throws -> Slot? {
        switch value {
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .signed(Int64(number))
        case let number as Int64: return .signed(number)
        case let number as Int32: return .signed(Int64(number))
        case let number as UInt64: return .unsigned(number)
        case let number as UInt32: return .unsigned(UInt64(number))
        case let number as UInt: return .unsigned(UInt64(number))
        case let number as Double: return try real(number, path: path)
        default: return nil
        }
    }

    static func real(_ number: Double, path: PathNode?) throws -> Slot {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, .init(codingPath: path?.keys ?? [], debugDescription: "\(number) is not a JSON number"))
        }
        return .real(number)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: ObjectBox
        if case .object(let existing)? = result {
            box = existing
        } else {
            box = ObjectBox()
            result = .object(box)
        }
        return KeyedEncodingContainer(KeyedSlots<Key>(box: box, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: ArrayBox
        if case .array(let existing)? = result {
            box = existing
        } else {
            box = ArrayBox()
            result = .array(box)
        }
        return UnkeyedSlots(box: box, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { result = .null }
    func encode(_ value: Bool) throws { result = .bool(value) }
    func encode(_ value: String) throws { result = .string(value) }
    func encode(_ value: Double) throws { result = try Self.real(value, path: path) }
    func encode(_ value: Float) throws { result = try Self.real(Double(value), path: path) }
    func encode(_ value: Int) throws { result = .signed(Int64(value)) }
    func encode(_ value: Int8) throws { result = .signed(Int64(value)) }
    func encode(_ value: Int16) throws { result = .signed(Int64(value)) }
    func encode(_ value: Int32) throws { result = .signed(Int64(value)) }
    func encode(_ value: Int64) throws { result = .signed(value) }
    func encode(_ value: UInt) throws { result = .unsigned(UInt64(value)) }
    func encode(_ value: UInt8) throws { result = .unsigned(UInt64(value)) }
    func encode(_ value: UInt16) throws { result = .unsigned(UInt64(value)) }
    func encode(_ value: UInt32) throws { result = .unsigned(UInt64(value)) }
    func encode(_ value: UInt64) throws { result = .unsigned(value) }
    func encode<T: Encodable>(_ value: T) throws { result = try Self.slot(for: value, path: path) }
}

private struct KeyedSlots<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    let path: PathNode?

    var codingPath: [any CodingKey] { path?.keys ?? [] }

    mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.set(key.stringValue, try SlotEncoder.real(value, path: PathNode(parent: path, key: key)))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.set(key.stringValue, .signed(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { box.set(key.stringValue, .signed(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { box.set(key.stringValue, .signed(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { box.set(key.stringValue, .signed(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.set(key.stringValue, .signed(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { box.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { box.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        box.set(key.stringValue, .unsigned(UInt64(value)))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        box.set(key.stringValue, .unsigned(UInt64(value)))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.set(key.stringValue, .unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(key.stringValue, try SlotEncoder.slot(for: value, path: PathNode(parent: path, key: key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = ObjectBox()
        box.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(KeyedSlots<NestedKey>(box: nested, path: PathNode(parent: path, key: key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        box.set(key.stringValue, .array(nested))
        return UnkeyedSlots(box: nested, path: PathNode(parent: path, key: key))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: SuperKey()) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let encoder = SlotEncoder(path: PathNode(parent: path, key: key))
        box.set(key.stringValue, .pending(encoder))
        return encoder
    }
}

private struct UnkeyedSlots: UnkeyedEncodingContainer {
    let box: ArrayBox
    let path: PathNode?

    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var count: Int { box.elements.count }

    private var nextPath: PathNode { PathNode(parent: path, key: IndexKey(index: box.elements.count)) }

    mutating func encodeNil() throws { box.elements.append(.null) }
    mutating func encode(_ value: Bool) throws { box.elements.append(.bool(value)) }
    mutating func encode(_ value: String) throws { box.elements.append(.string(value)) }
    mutating func encode(_ value: Double) throws { box.elements.append(try SlotEncoder.real(value, path: nextPath)) }
    mutating func encode(_ value: Float) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int) throws { box.elements.append(.signed(Int64(value))) }
    mutating func encode(_ value: Int8) throws { box.elements.append(.signed(Int64(value))) }
    mutating func encode(_ value: Int16) throws { box.elements.append(.signed(Int64(value))) }
    mutating func encode(_ value: Int32) throws { box.elements.append(.signed(Int64(value))) }
    mutating func encode(_ value: Int64) throws { box.elements.append(.signed(value)) }
    mutating func encode(_ value: UInt) throws { box.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { box.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { box.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { box.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { box.elements.append(.unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.elements.append(try SlotEncoder.slot(for: value, path: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = ObjectBox()
        let nestedPath = nextPath
        box.elements.append(.object(nested))
        return KeyedEncodingContainer(KeyedSlots<NestedKey>(box: nested, path: nestedPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        let nestedPath = nextPath
        box.elements.append(.array(nested))
        return UnkeyedSlots(box: nested, path: nestedPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = SlotEncoder(path: nextPath)
        box.elements.append(.pending(encoder))
        return encoder
    }
}

extension Slot {
    func write(into out: inout [UInt8], sorted: Bool) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .signed(let number): writeDecimal(number.magnitude, negative: number < 0, into: &out)
        case .unsigned(let number): writeDecimal(number, negative: false, into: &out)
        case .real(let number):
            // Shortest round-trip form; an integral value without ".0", as Foundation writes it.
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out += text.utf8
        case .string(let text): writeJSONString(text, into: &out)
        case .array(let box):
            out.append(UInt8(ascii: "["))
            for (index, element) in box.elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out, sorted: sorted)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let box):
            out.append(UInt8(ascii: "{"))
            let order = sorted ? box.keys.indices.sorted { box.keys[$0] < box.keys[$1] } : Array(box.keys.indices)
            for (position, index) in order.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                writeJSONString(box.keys[index], into: &out)
                out.append(UInt8(ascii: ":"))
                box.values[index].write(into: &out, sorted: sorted)
            }
            out.append(UInt8(ascii: "}"))
        case .pending(let encoder):
            (encoder.result ?? .object(ObjectBox())).write(into: &out, sorted: sorted)
        }
    }

    private func writeDecimal(_ magnitude: UInt64, negative: Bool, into out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        out += String(magnitude).utf8
    }
}

/// `text` as a JSON string: `"`, `\` and control characters escaped, everything else as it is.
func writeJSONString(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""): out += #"\""#.utf8
        case UInt8(ascii: "\\"): out += #"\\"#.utf8
        case 0x0A: out += #"\n"#.utf8
        case 0x0D: out += #"\r"#.utf8
        case 0x09: out += #"\t"#.utf8
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out += #"\u00"#.utf8 + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
        default: out.append(byte)
        }
    }
    out.append(UInt8(ascii: "\""))
}
