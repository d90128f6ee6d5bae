import Foundation
import Testing

@testable import JSONCore
@testable import RuntimeCore

/// `JSONBytesEncoder` against Foundation's JSONEncoder: the same documents for the types berth stores.
@Suite struct JSONBytesEncoderTests {
    /// An OCI config with Docker's seccomp profile (the biggest file a create writes) reads back equal,
    /// and parses to the same document as Foundation's sorted output.
    @Test func ociConfigMatchesFoundation() throws {
        var spec = ContainerSpec(
            root: .overlay(lower: ["/l1", "/l2"], upper: "/u", work: "/w", target: "/t"),
            args: ["sh", "-c", "echo \"hi\""])
        spec.env = ["A=1", "PATH=/usr/bin:/bin"]
        spec.hostname = "box"
        let config = OCIConfig(spec: spec)
        let ours = try JSONBytesEncoder(sortedKeys: true).encode(config)
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys]
        let theirs = [UInt8](try foundation.encode(config))
        #expect(try JSONValue(parsing: ours) == JSONValue(parsing: theirs))
        #expect(try JSONDecoder().decode(OCIConfig.self, from: Data(ours)) == config)
        #expect(ours.count > 4000, "the seccomp profile is in it")
    }

    @Test func numbersStringsAndNesting() throws {
        let sample = Sample(
            name: "tab\there \"quoted\" \u{1} é", count: -42, big: UInt64.max, small: Int64.min, ratio: 1.0, half: 0.5,
            flag: true, missing: nil, labels: ["b": "2", "a": "1"], list: [1, 2, 3])
        let text = String(decoding: try JSONBytesEncoder(sortedKeys: true).encode(sample), as: UTF8.self)
        #expect(
            text
                == #"{"big":18446744073709551615,"count":-42,"flag":true,"half":0.5,"labels":{"a":"1","b":"2"},"list":[1,2,3],"name":"tab\there \"quoted\" \u0001 é","nested":{"inner":[["deep"]],"path":"nested"},"null":null,"ratio":1,"small":-9223372036854775808,"super":{"base":7}}"#
        )
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys]
        #expect(try JSONValue(parsing: Array(text.utf8)) == JSONValue(parsing: [UInt8](foundation.encode(sample))))
    }

    @Test func unsortedKeepsEncodingOrderAndARepeatedKeyKeepsTheLast() throws {
        let text = String(decoding: try JSONBytesEncoder().encode(Repeated()), as: UTF8.self)
        #expect(text == #"{"z":3,"a":2}"#)
    }

    @Test func notANumberIsAnErrorWithItsPath() throws {
        do {
            _ = try JSONBytesEncoder().encode(["outer": [Double.nan]])
            Issue.record("NaN encoded")
        } catch EncodingError.invalidValue(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["outer", "Index 0"])
        }
    }
}

private struct Sample: Encodable {
    var name: String
    var count: Int
    var big: UInt64
    var small: Int64
    var ratio: Double
    var half: Double
    var flag: Bool
    var missing: String?
    var labels: [String: String]
    var list: [Int]

    enum Keys: String, CodingKey {
        case name, count, big, small, ratio, half, flag, missing, labels, list, null, nested
    }
    enum NestedKeys: String, CodingKey { case path, inner }
    enum BaseKeys: String, CodingKey { case base }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .name)
        try container.encode(count, forKey: .count)
        try container.encode(big, forKey: .big)
        try container.encode(small, forKey: .small)
        try container.encode(ratio, forKey: .ratio)
        try container.encode(half, forKey: .half)
        try container.encode(flag, forKey: .flag)
        try container.encodeIfPresent(missing, forKey: .missing)
        try container.encode(labels, forKey: .labels)
        try container.encode(list, forKey: .list)
        try container.encodeNil(forKey: .null)
        var nested = container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
        try nested.encode(nested.codingPath.map(\.stringValue).joined(separator: "."), forKey: .path)
        var inner = nested.nestedUnkeyedContainer(forKey: .inner)
        var deeper = inner.nestedUnkeyedContainer()
        try deeper.encode("deep")
        var base = container.superEncoder().container(keyedBy: BaseKeys.self)
        try base.encode(7, forKey: .base)
    }
}

private struct Repeated: Encodable {
    enum Keys: String, CodingKey { case z, a }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(1, forKey: .z)
        try container.encode(2, forKey: .a)
        try container.encode(3, forKey: .z)
    }
}
