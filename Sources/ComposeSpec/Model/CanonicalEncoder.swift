/// Encodes model types into `CanonicalValue` trees for `berth config`, applying each field's `FieldRule`
/// so that the output leaves out what compose-go leaves out.
package struct CanonicalEncoder {
    /// The format the tree is meant for: a few rules differ between YAML and JSON.
    package let format: CanonicalFormat

    /// Creates an encoder for `format`.
    package init(format: CanonicalFormat) {
        self.format = format
    }

    /// Encodes `value` into a tree.
    package func encode<T: Encodable>(_ value: T) throws -> CanonicalValue {
        let slot = Slot()
        try value.encode(to: SlotEncoder(slot: slot, format: format, codingPath: []))
        return slot.value
    }
}

extension CodingUserInfoKey {
    /// The `CanonicalFormat` a model type is being encoded for, in `Encoder.userInfo`.
    package static let canonicalFormat: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "berth.canonicalFormat") else {
            preconditionFailure("a constant, non-empty key name is always valid")
        }
        return key
    }()
}

extension Encoder {
    /// The format of the canonical encoder, or nil when another encoder (such as `JSONEncoder`) runs.
    package var canonicalFormat: CanonicalFormat? {
        userInfo[.canonicalFormat] as? CanonicalFormat
    }
}

/// A node of the tree under construction; containers write into it and `value` reads it back.
final class Slot {
    var scalar: CanonicalValue?
    var items: [Slot]?
    var entries: [(key: String, slot: Slot)]?
    var trailing: [CanonicalEntry] = []
    var isStruct = false

    var value: CanonicalValue {
        if let items { return .list(items.map(\.value)) }
        if let entries {
            let list = entries.map { CanonicalEntry($0.key, $0.slot.value) } + trailing
            return isStruct ? .fields(list) : .map(list)
        }
        return scalar ?? .null
    }
}

/// The `Encoder` writing into one slot.
struct SlotEncoder: Encoder {
    let slot: Slot
    let format: CanonicalFormat
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [.canonicalFormat: format] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if slot.entries == nil {
            slot.entries = []
            slot.isStruct = Key.self is any ModelKey.Type
        }
        return KeyedEncodingContainer(KeyedSlotContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if slot.items == nil { slot.items = [] }
        return UnkeyedSlotContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleSlotContainer(encoder: self)
    }

    /// Encodes `value` into a new slot below this one.
    func encodeChild<T: Encodable>(_ value: T, key: any CodingKey) throws -> Slot {
        let child = Slot()
        try SlotEncoder(slot: child, format: format, codingPath: codingPath + [key]).encodeValue(value)
        return child
    }

    /// Writes the standard scalar types directly; anything else encodes itself.
    func encodeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let text as String: slot.scalar = .string(text)
        case let flag as Bool: slot.scalar = .bool(flag)
        case let number as Float: slot.scalar = .float(Double(number), isSingle: true)
        case let number as Double: slot.scalar = .float(number, isSingle: false)
        case let number as any BinaryInteger: slot.scalar = .integer(String(number))
        default: try value.encode(to: self)
        }
    }
}

/// Writes one scalar, or lets a wrapped value encode itself into the same slot.
struct SingleSlotContainer: SingleValueEncodingContainer {
    let encoder: SlotEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() {
        encoder.slot.scalar = .null
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encoder.encodeValue(value)
    }
}

/// Appends list items in order.
struct UnkeyedSlotContainer: UnkeyedEncodingContainer {
    let encoder: SlotEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.slot.items?.count ?? 0 }

    mutating func encodeNil() {
        let child = Slot()
        child.scalar = .null
        encoder.slot.items?.append(child)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = try encoder.encodeChild(value, key: IndexKey(count))
        encoder.slot.items?.append(child)
    }

    mutating func nestedContainer<Key: CodingKey>(keyedBy keyType: Key.Type) -> KeyedEncodingContainer<Key> {
        let child = Slot()
        encoder.slot.items?.append(child)
        return SlotEncoder(slot: child, format: encoder.format, codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Slot()
        encoder.slot.items?.append(child)
        return SlotEncoder(slot: child, format: encoder.format, codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = Slot()
        encoder.slot.items?.append(child)
        return SlotEncoder(slot: child, format: encoder.format, codingPath: codingPath)
    }
}
