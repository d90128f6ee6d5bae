import Foundation
import Testing

@testable import JSONCore
@testable import RuntimeCore

/// JSONValueEncoder and `JSONValue.serialized()` against Foundation's encoder and parser.
@Suite struct JSONValueEncoderTests {
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
        var empty: Empty
        var optionals: [String?]
    }

    private struct Empty: Codable, Equatable {}

    private let sample = Sample(
        name: "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀", big: UInt64.max, negative: Int64.min,
        small: 7, ratio: 0.1, flags: [true, false], labels: ["k": "v", "": "empty key"], nested: [[1, 2], []],
        missing: nil, empty: Empty(), optionals: ["a", nil])

    @Test func roundTripsThroughFoundation() throws {
        let ours = try JSONValueEncoder.encode(sample)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(ours)) == sample)
        #expect(try JSONValueDecoder.decode(Sample.self, from: ours) == sample)
        // The same tree as Foundation's text, whatever the member order.
        let foundation = try JSONSerialization.jsonObject(with: JSONEncoder().encode(sample)) as? NSDictionary
        let mine = try JSONSerialization.jsonObject(with: Data(ours)) as? NSDictionary
        #expect(foundation != nil && foundation == mine)
    }

    @Test func leavesOutNilOptionalsAndWritesEmptyObjects() throws {
        let text = String(decoding: try JSONValueEncoder.encode(sample), as: UTF8.self)
        #expect(!text.contains("missing"))
        #expect(text.contains(#""empty":{}"#))
        #expect(text.contains(#""optionals":["a",null]"#))
        #expect(text.contains(#"bell \u0007"#))
    }

    @Test func refusesNonFiniteNumbers() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder.encode(["x": Double.infinity]) }
    }

    /// Every JSON file of the corpus, parsed and written again, reads back as the same document,
    /// and Foundation reads it as it reads the original.
    @Test func reserializesTheCorpus() throws {
        let files = try corpusFiles("api") + corpusFiles("security") + corpusFiles("schema")
        #expect(files.count > 20)
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let value = try? JSONValue(parsing: [UInt8](data)) else { continue }
            let text = value.serialized()
            #expect(try JSONValue(parsing: text) == value, "\(file)")
            let original = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject
            let again = try JSONSerialization.jsonObject(with: Data(text), options: [.fragmentsAllowed]) as? NSObject
            #expect(original != nil && original == again, "\(file)")
        }
    }
}
