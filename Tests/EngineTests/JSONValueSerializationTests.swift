import Foundation
import Testing

@testable import JSONCore

/// `JSONValue.serialized()` against Foundation's parser.
@Suite struct JSONValueSerializationTests {
    @Test func escapesWhatJSONRequires() throws {
        let value = JSONValue.object([
            ("text", .string("quote \" backslash \\ newline \n tab \t bell \u{7} é 😀")),
            ("list", .array([.number("-1.5e3"), .bool(true), .null, .object([])])),
        ])
        let text = value.serialized()
        #expect(
            String(decoding: text, as: UTF8.self)
                == #"{"text":"quote \" backslash \\ newline \n tab \t bell \u0007 é 😀","list":[-1.5e3,true,null,{}]}"#)
        #expect(try JSONValue(parsing: text) == value)
        let foundation = try JSONSerialization.jsonObject(with: Data(text)) as? [String: Any]
        #expect(foundation?["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀")
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

    @Test func membersAreLookedUpByKey() throws {
        let value = try JSONValue(parsing: Array(#"{"Id":"abc","Id":"def","n":1}"#.utf8))
        #expect(value["Id"] == .string("def"))
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([])["Id"] == nil)
    }
}
