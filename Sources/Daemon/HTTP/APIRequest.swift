import Foundation
import NIOHTTP1

/// One HTTP request to the API, its body read completely (bounded by the server's limit).
package struct APIRequest: Sendable {
    /// GET, POST, ...
    package var method: HTTPMethod
    /// The path without the `/v1.xx` prefix, e.g. `/containers/abc/start`.
    package var path: String
    /// The API version the client asked for in the path, or the server's default.
    package var version: APIVersion
    /// Query parameters by name; a repeated name keeps every value in order.
    package var query: [String: [String]]
    /// The request headers.
    package var headers: HTTPHeaders
    /// The body bytes (empty when none was sent).
    package var body: [UInt8]
    /// Values of `{name}` segments of the matched route.
    package var parameters: [String: String] = [:]
    /// The body as it arrives, for routes registered with `Router.addStreaming` (then `body` is empty).
    package var streamedBody: (any RequestBody)?

    /// The body to read piece by piece: the streamed one, or the buffered bytes as one piece.
    package var bodyReader: any RequestBody { streamedBody ?? BufferedRequestBody(body) }

    /// The first value of query parameter `name`.
    package func query(_ name: String) -> String? { query[name]?.first }

    /// A boolean query parameter as Docker reads them: `1`, `true`, `True` are true; absent is `defaultValue`.
    package func flag(_ name: String, default defaultValue: Bool = false) throws -> Bool {
        guard let value = query(name) else { return defaultValue }
        switch value.lowercased() {
        case "1", "true": return true
        case "0", "false", "": return false
        default: throw APIError.badRequest("query parameter \(name): \"\(value)\" is not a boolean")
        }
    }

    /// An integer query parameter; absent is nil.
    package func integer(_ name: String) throws -> Int? {
        guard let value = query(name), !value.isEmpty else { return nil }
        guard let number = Int(value) else {
            throw APIError.badRequest("query parameter \(name): \"\(value)\" is not an integer")
        }
        return number
    }

    /// The path parameter `name` (always present when the route declares it).
    package func parameter(_ name: String) throws -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw APIError.badRequest("missing path parameter \(name)")
        }
        return value
    }

    /// Decodes the JSON body as `T`; a malformed body or a wrong field is a 400 that names the field.
    package func decodeBody<T: Decodable>(_ type: T.Type, allowEmpty: Bool = false) throws -> T {
        let data = Data(body.isEmpty && allowEmpty ? Array("{}".utf8) : body)
        guard !data.isEmpty else { throw APIError.badRequest("request body is empty: expected a JSON object") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid JSON body: \(Self.describe(error))")
        } catch {
            throw APIError.badRequest("invalid JSON body: \(error)")
        }
    }

    /// Names the field that failed, e.g. `HostConfig.Memory: expected Int64`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "body" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return parent == "body" ? "missing field \(key.stringValue)" : "\(parent): missing field \(key.stringValue)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "malformed JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

extension APIRequest {
    /// Splits `uri` into a path and its query parameters (percent-decoded, `+` as space).
    static func split(uri: String) -> (path: String, query: [String: [String]]) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = percentDecoded(parts[0], plusIsSpace: false)
        var query: [String: [String]] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let items = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = decode(items[0])
                let value = items.count == 2 ? decode(items[1]) : ""
                query[name, default: []].append(value)
            }
        }
        return (path, query)
    }

    private static func decode(_ text: Substring) -> String { percentDecoded(text, plusIsSpace: true) }

    /// `text` with %XX sequences decoded (and `+` as a space in a query); the text as it is when a
    /// sequence is malformed or the result is not UTF-8, as Foundation's `removingPercentEncoding`
    /// gave up then too. Byte by byte: Foundation's version cost 0.1 ms per request.
    static func percentDecoded(_ text: Substring, plusIsSpace: Bool) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        let spaced = plusIsSpace ? bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 } : bytes
        let unchanged = String(decoding: spaced, as: UTF8.self)
        var out: [UInt8] = []
        out.reserveCapacity(spaced.count)
        var index = 0
        while index < spaced.count {
            guard spaced[index] == UInt8(ascii: "%") else {
                out.append(spaced[index])
                index += 1
                continue
            }
            guard index + 2 < spaced.count, let high = hexValue(spaced[index + 1]),
                let low = hexValue(spaced[index + 2])
            else { return unchanged }
            out.append(high << 4 | low)
            index += 3
        }
        return String(validating: out, as: UTF8.self) ?? unchanged
    }
}
