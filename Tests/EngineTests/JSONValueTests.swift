import Foundation
import Testing

@testable import JSONCore
@testable import RuntimeCore

/// `../shared/corpus` beside the repository, or `BERTH_CORPUS`.
private let corpusRoot: String =
    ProcessInfo.processInfo.environment["BERTH_CORPUS"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus").path

/// Every `.json` file under `folder` of the corpus.
func corpusFiles(_ folder: String) throws -> [String] {
    let root = corpusRoot + "/" + folder
    let names = try FileManager.default.subpathsOfDirectory(atPath: root)
    return names.filter { $0.hasSuffix(".json") }.sorted().map { root + "/" + $0 }
}

@Suite struct JSONValueTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }

    private func syntaxError(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try JSONValue(parsing: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "e": []} "#)
        #expect(
            value
                == .object([
                    ("a", .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])),
                    ("b", .object([("c", .string("d"))])), ("e", .array([])),
                ]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00", "é€"]"#)
        #expect(value == .array([.string("a\"b\\c/d\n\té😀"), .string("é€")]))
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try JSONValue(parsing: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number("1")]))
    }

    @Test func malformedTextNamesLineAndColumn() throws {
        let error = try #require(syntaxError("{\n  \"a\": tru\n}"))
        #expect(error.line == 2 && error.column == 8)
        for bad in [
            "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"\\x\"", "\"\u{1}\"", "\"\\ud800\"", "[1] 2", "nul",
            "{\"a\":1,}", "'a'",
        ] {
            #expect(syntaxError(bad) != nil, "\(bad)")
        }
        #expect(syntaxError(String(repeating: "[", count: 600) + String(repeating: "]", count: 600)) != nil)
    }

    private struct Sample: Codable, Equatable {
        var name: String
        var big: UInt64
        var negative: Int64
        var small: UInt8?
        var ratio: Double
        var flags: [Bool]
        var labels: [String: String]
        var nested: [[Int]]
        var missing: String?
    }

    @Test func decodesLikeFoundation() throws {
        let text = #"""
            {"name": "x", "big": 18446744073709551615, "negative": -9223372036854775808, "small": null,
             "ratio": 0.25, "flags": [true], "labels": {"k": "v", "l": ""}, "nested": [[1, 2], []], "extra": 1}
            """#
        let ours = try JSONValueDecoder.decode(Sample.self, from: Array(text.utf8))
        #expect(ours == (try JSONDecoder().decode(Sample.self, from: Data(text.utf8))))
        #expect(ours.big == UInt64.max && ours.small == nil && ours.labels["l"] == "")
    }

    /// The coding path of the error decoding `text` as a `Sample`, as `a.b[1]`.
    private func failure(_ text: String) -> (kind: String, path: String) {
        do {
            _ = try JSONValueDecoder.decode(Sample.self, from: Array(text.utf8))
            return ("", "")
        } catch let error as DecodingError {
            func path(_ keys: [any CodingKey]) -> String {
                keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            }
            switch error {
            case .keyNotFound(let key, let context): return ("keyNotFound", path(context.codingPath + [key]))
            case .typeMismatch(_, let context): return ("typeMismatch", path(context.codingPath))
            case .valueNotFound(_, let context): return ("valueNotFound", path(context.codingPath))
            case .dataCorrupted(let context): return ("dataCorrupted", path(context.codingPath))
            @unknown default: return ("unknown", "")
            }
        } catch {
            return ("other", "\(error)")
        }
    }

    @Test func errorsCarryTheCodingPath() {
        let base = #""name": "x", "big": 1, "negative": 1, "ratio": 1, "flags": [], "labels": {}"#
        #expect(failure("{\(base)}").kind == "keyNotFound")
        #expect(failure("{\(base), \"nested\": [[1], [2, \"3\"]]}") == ("typeMismatch", ".nested[1][1]"))
        #expect(failure("{\(base), \"nested\": [], \"small\": 300}") == ("dataCorrupted", ".small"))
        #expect(failure("{\(base), \"nested\": [], \"small\": 1.5}") == ("dataCorrupted", ".small"))
        #expect(failure(#"{"name": null}"#) == ("valueNotFound", ".name"))
        #expect(failure(#"{"name": "x", "big": -1}"#) == ("dataCorrupted", ".big"))
        #expect(failure("[]") == ("typeMismatch", ""))
        #expect(failure("{").kind == "dataCorrupted")
    }

    /// Every JSON file of the corpus (schemas, the Engine API swagger, OCI examples good and bad):
    /// valid for this parser exactly when it is for Foundation's.
    @Test func agreesWithFoundationOnTheCorpus() throws {
        let files = try corpusFiles("api") + corpusFiles("security") + corpusFiles("schema")
        #expect(files.count > 20)
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let foundation = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil
            let ours = (try? JSONValue(parsing: [UInt8](data))) != nil
            #expect(ours == foundation, "\(file)")
        }
    }

    /// The runtime-spec examples decode to the same OCIConfig, or fail for both decoders.
    @Test func ociExamplesDecodeAsWithFoundation() throws {
        let files = try corpusFiles("api/oci/runtime-spec/schema/test/config")
        #expect(files.count > 10)
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let foundation = try? JSONDecoder().decode(OCIConfig.self, from: data)
            let ours = try? JSONValueDecoder.decode(OCIConfig.self, from: [UInt8](data))
            #expect(ours == foundation, "\(file)")
        }
    }

    @Test func seccompProfilesDecodeAsWithFoundation() throws {
        for file in try corpusFiles("security") {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let foundation = try? JSONDecoder().decode(SeccompProfile.self, from: data)
            let ours = try? JSONValueDecoder.decode(SeccompProfile.self, from: [UInt8](data))
            #expect(ours == foundation, "\(file)")
        }
        let embedded = Array(SeccompProfile.dockerDefaultJSON.utf8)
        #expect((try JSONValueDecoder.decode(SeccompProfile.self, from: embedded)).syscalls != nil)
    }
}
