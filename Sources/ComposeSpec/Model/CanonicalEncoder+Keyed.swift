/// Writes the fields of a struct (in order, through each key's `FieldRule`) or the entries of a dictionary.
struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: SlotEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    private var slot: Slot { encoder.slot }
    private var format: CanonicalFormat { encoder.format }

    init(encoder: SlotEncoder) {
        self.encoder = encoder
    }

    mutating func encodeNil(forKey key: Key) {
        let child = Slot()
        child.scalar = .null
        slot.entries?.append((key.stringValue, child))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try put(value, forKey: key)
    }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try put(value, forKey: key)
    }

    mutating func nestedContainer<Nested: CodingKey>(
        keyedBy keyType: Nested.Type, forKey key: Key
    ) -> KeyedEncodingContainer<Nested> {
        childEncoder(forKey: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        childEncoder(forKey: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        childEncoder(forKey: NameKey("super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        childEncoder(forKey: key)
    }

    private func childEncoder(forKey key: any CodingKey) -> SlotEncoder {
        let child = Slot()
        slot.entries?.append((key.stringValue, child))
        return SlotEncoder(slot: child, format: format, codingPath: codingPath + [key])
    }

    /// Applies the key's rule: a dictionary entry is always written, a struct field only when its rule says so.
    private func put<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard slot.isStruct, let rule = (key as? any ModelKey)?.rule else {
            try append(value.map { try encoder.encodeChild($0, key: key) } ?? nullSlot(), forKey: key)
            return
        }
        switch rule {
        case .omitEmpty:
            guard let value, !isZero(value) else { return }
            try append(encoder.encodeChild(value, key: key), forKey: key)
        case .keepZero:
            guard let value else { return }
            try append(encoder.encodeChild(value, key: key), forKey: key)
        case .optOut:
            guard let value, (value as? Bool) != true else { return }
            try append(encoder.encodeChild(value, key: key), forKey: key)
        case .nullInJSON:
            guard let value else {
                if format == .json { try append(nullSlot(), forKey: key) }
                return
            }
            try append(encoder.encodeChild(value, key: key), forKey: key)
        case .structValue(let jsonDefault):
            try putStruct(value, default: jsonDefault, forKey: key)
        case .inlineExtensions(let inJSON):
            guard let value, format == .yaml || inJSON else { return }
            try splice(encoder.encodeChild(value, key: key).value)
        }
    }

    private func putStruct<T: Encodable>(_ value: T?, default jsonDefault: any Encodable, forKey key: Key) throws {
        switch (value, format) {
        case (.some(let value), .yaml):
            let child = try encoder.encodeChild(value, key: key)
            if !child.value.isEmptyMapping { try append(child, forKey: key) }
        case (.some(let value), .json):
            try append(encoder.encodeChild(value, key: key), forKey: key)
        case (.none, .json):
            try append(encoder.encodeChild(jsonDefault, key: key), forKey: key)
        case (.none, .yaml):
            return
        }
    }

    private func append(_ child: Slot, forKey key: Key) throws {
        slot.entries?.append((key.stringValue, child))
    }

    private func splice(_ value: CanonicalValue) throws {
        guard case .map(let entries) = value else { return }
        slot.trailing += KeyOrder.sorted(entries, for: format)
    }

    private func nullSlot() -> Slot {
        let child = Slot()
        child.scalar = .null
        return child
    }
}

/// Go's `omitempty` test: empty text and collections, false, and zero numbers or zero model values.
func isZero(_ value: Any) -> Bool {
    switch value {
    case let collection as any Collection: collection.isEmpty
    case let flag as Bool: !flag
    case let number as any BinaryInteger: isZeroInteger(number)
    case let number as any FloatingPoint: number.isZero
    case let model as any CanonicalZero: model.isZero
    default: false
    }
}

private func isZeroInteger<Number: BinaryInteger>(_ number: Number) -> Bool {
    number == 0
}

/// A model value with a zero that Go's `omitempty` leaves out (a zero duration or byte count).
package protocol CanonicalZero {
    /// True when the value is its type's zero.
    var isZero: Bool { get }
}
