/// The value of an `x-` extension field: any YAML value, kept as compose-go's YAML reader types it
/// (plain `42` is an integer, quoted `"42"` a string) and written back with sorted mapping keys.
public indirect enum ExtensionValue: Sendable, Equatable, Codable {
    /// `null`, `~` or nothing.
    case null
    /// `true` or `false` in a YAML 1.2 spelling.
    case bool(Bool)
    /// A plain integer (`42`, `0x2a`).
    case integer(Int64)
    /// A plain floating-point number (`1.5`, `1e3`).
    case number(Double)
    /// Any other scalar, and every quoted one.
    case string(String)
    /// A sequence.
    case list([ExtensionValue])
    /// A mapping; its order is not kept (compose-go writes the keys sorted).
    case mapping([String: ExtensionValue])

    public init(from decoder: any Decoder) throws {
        if let node = (decoder as? NodeValueDecoder)?.node {
            self.init(node: node)
            return
        }
        if let mapping = try? decoder.container(keyedBy: NameKey.self) {
            var values: [String: ExtensionValue] = [:]
            for key in mapping.allKeys {
                values[key.stringValue] = try mapping.decode(ExtensionValue.self, forKey: key)
            }
            self = .mapping(values)
        } else if var list = try? decoder.unkeyedContainer() {
            var values: [ExtensionValue] = []
            while !list.isAtEnd { values.append(try list.decode(ExtensionValue.self)) }
            self = .list(values)
        } else {
            self = try Self.scalar(decoder.singleValueContainer())
        }
    }

    private static func scalar(_ container: any SingleValueDecodingContainer) throws -> ExtensionValue {
        if container.decodeNil() { return .null }
        if let flag = try? container.decode(Bool.self) { return .bool(flag) }
        if let number = try? container.decode(Int64.self) { return .integer(number) }
        if let number = try? container.decode(Double.self) { return .number(number) }
        return .string(try container.decode(String.self))
    }

    /// Types a node as go-yaml does with no target type.
    init(node: YAMLNode) {
        switch node.kind {
        case .null:
            self = .null
        case .scalar(let text) where node.isQuoted:
            self = .string(text)
        case .scalar(let text):
            if let flag = ScalarText.boolean(text, isQuoted: false) {
                self = .bool(flag)
            } else if let number = ScalarText.integer(text, isQuoted: false) {
                self = .integer(number)
            } else if let number = ScalarText.number(text.replacing("_", with: "")) {
                self = .number(number)
            } else {
                self = .string(text)
            }
        case .sequence(let items):
            self = .list(items.map(ExtensionValue.init(node:)))
        case .mapping(let entries):
            self = .mapping(Dictionary(entries.map { ($0.key, ExtensionValue(node: $0.value)) }) { first, _ in first })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .mapping(let values):
            var container = encoder.container(keyedBy: NameKey.self)
            for (key, value) in values { try container.encode(value, forKey: NameKey(key)) }
        case .list(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        default:
            try encodeScalar(to: encoder)
        }
    }

    private func encodeScalar(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .integer(let number): try container.encode(number)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .list, .mapping: break
        }
    }
}

/// The `x-` fields of a model type, by name.
public typealias Extensions = [String: ExtensionValue]
