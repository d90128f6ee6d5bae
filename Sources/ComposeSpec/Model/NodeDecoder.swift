/// Decodes model types from a `YAMLNode` tree. Every failure becomes a `SpecDiagnostic` with the place it
/// was written and its key path (`services.web.ports[1].target`). Scalars are text: the field's type says
/// how to read them, so `"8080"` and `8080` both fill an integer and `0440` fills an octal file mode.
/// A bad value of an optional field is recorded and decoding goes on, so one run reports every error.
package struct NodeDecoder {
    /// Decodes `type` from `node`, the root of the value (usually a whole compose document).
    /// - Throws: `SpecError` with every diagnostic found (`.wrongType`, `.invalidValue`, `.missingKey`),
    ///   in the order they appear in the file.
    package static func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) throws(SpecError) -> T {
        let sink = DiagnosticSink()
        let decoder = NodeValueDecoder(node: node, location: node.location, codingPath: [], sink: sink)
        var value: T?
        do {
            value = try decoder.decodeValue(type)
        } catch let error as SpecError where !error.isUnplaced {
            sink.diagnostics += error.diagnostics
        } catch {
            sink.diagnostics.append(
                SpecDiagnostic(.invalidValue, SpecError.message(for: error), at: node.location, path: ""))
        }
        guard let value, sink.diagnostics.isEmpty else {
            let ordered = sink.diagnostics.enumerated().sorted { lhs, rhs in
                let (left, right) = (lhs.element.location, rhs.element.location)
                return (left.line, left.column, lhs.offset) < (right.line, right.column, rhs.offset)
            }
            throw SpecError(diagnostics: ordered.map(\.element))
        }
        return value
    }
}

/// Collects the diagnostics of one decoding run.
final class DiagnosticSink {
    var diagnostics: [SpecDiagnostic] = []
}

extension SpecError {
    /// The error a model type's validating initializer throws: it has no place yet, and the node decoder
    /// gives it the place of the value it was decoding.
    package static func invalidValue(_ message: String) -> SpecError {
        SpecError(SpecDiagnostic(.invalidValue, message, at: .synthetic(""), path: ""))
    }

    /// True when no diagnostic has a place: the error came from a value, not from the decoder.
    var isUnplaced: Bool {
        diagnostics.allSatisfy { $0.location.line == 0 && $0.location.file.isEmpty && $0.path.isEmpty }
    }

    /// A message for an error thrown while decoding a value.
    static func message(for error: any Error) -> String {
        switch error {
        case let error as SpecError: error.diagnostics.map(\.message).joined(separator: "; ")
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context):
            context.debugDescription
        case DecodingError.keyNotFound(let key, _): "missing required key '\(key.stringValue)'"
        default: "\(error)"
        }
    }
}

/// The position of a list item in a coding path.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "[\(intValue ?? 0)]" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// A coding key with any name, for dictionaries and extension fields.
struct NameKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Renders a coding path as compose users read it: `services.web.ports[1].target`.
func renderPath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if key is IndexKey {
            text += key.stringValue
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return text
}

/// The `Decoder` for one node; `location` is where the value is used (its key, or the list item).
struct NodeValueDecoder: Decoder {
    let node: YAMLNode
    let location: SourceLocation
    let codingPath: [any CodingKey]
    let sink: DiagnosticSink
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var path: String { renderPath(codingPath) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch node.kind {
        case .mapping(let entries): KeyedDecodingContainer(KeyedNodeContainer<Key>(decoder: self, entries: entries))
        // compose-go reads a null object (`some-network:`) as an empty one.
        case .null: KeyedDecodingContainer(KeyedNodeContainer<Key>(decoder: self, entries: []))
        default: throw mismatch("a mapping")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = node.items else { throw mismatch("a list") }
        return UnkeyedNodeContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleNodeContainer(decoder: self)
    }

    func child(_ node: YAMLNode, at location: SourceLocation, key: any CodingKey) -> NodeValueDecoder {
        NodeValueDecoder(node: node, location: location, codingPath: codingPath + [key], sink: sink)
    }

    /// The node's value as an error message shows it: quoted text, or the kind of node.
    var shown: String {
        if let text = node.scalar { return "'\(text)'" }
        return node.kindName
    }

    func mismatch(_ expected: String) -> SpecError {
        SpecError(SpecDiagnostic(.wrongType, "expected \(expected), got \(shown)", at: location, path: path))
    }

    func invalid(_ message: String) -> SpecError {
        SpecError(SpecDiagnostic(.invalidValue, message, at: location, path: path))
    }

    /// Decodes a value of any type from this node, turning errors of model types into diagnostics here.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let value = try primitive(type) { return value }
        do {
            return try T(from: self)
        } catch let error as SpecError where !error.isUnplaced {
            throw error
        } catch {
            throw invalid(SpecError.message(for: error))
        }
    }
}
