import Foundation
import Testing

@testable import ComposeSpec

/// Round trips of compose-go's canonical full example through the model and back.
struct ModelTests {
    static let folder = "compose-files/compose-go/loader/full-example"

    static func loadExpected() throws -> Project {
        let text = try Corpus.text("\(folder)/full-example.expected.yaml")
        let documents = try YAMLReader(file: "full-example.expected.yaml").documents(of: text)
        let root = try #require(documents.first)
        return try NodeDecoder.decode(Project.self, from: root)
    }

    @Test func fullExampleYAMLRoundTripsByteForByte() throws {
        let project = try Self.loadExpected()
        let expected = try Corpus.text("\(Self.folder)/full-example.expected.yaml")
        #expect(try project.canonicalYAML() == expected)
    }

    @Test func fullExampleJSONMatchesComposeGo() throws {
        let project = try Self.loadExpected()
        let expected = try Corpus.text("\(Self.folder)/full-example.expected.json")
        #expect(try project.canonicalJSON() == expected)
    }

    @Test func fullExampleKeepsServiceNamesAndTypedValues() throws {
        let project = try Self.loadExpected()
        #expect(project.serviceNames == ["bar", "foo"])
        let foo = try #require(project.services["foo"])
        #expect(foo.name == "foo")
        #expect(foo.command == ["bundle", "exec", "thin", "-p", "3000"])
        #expect(foo.stopGracePeriod == ComposeDuration(nanoseconds: 20_000_000_000))
        #expect(foo.secrets?.last?.mode == FileMode(bits: 0o440))
        #expect(foo.deploy?.resources?.limits?.memory == ByteSize(bytes: 52_428_800))
        #expect(foo.networks?["other-other-network"] == .some(nil))
        #expect(foo.dependsOn?["db"] == ServiceDependency(condition: "service_started", required: true))
        #expect(foo.extensions?["x-foo"] == .string("bar"))
        #expect(project.extensions["x-nested"] == .mapping(["bar": .string("baz"), "foo": .string("bar")]))
    }

    @Test func foundationJSONCodersRoundTripTheModel() throws {
        let project = try Self.loadExpected()
        let data = try JSONEncoder().encode(project)
        #expect(try JSONDecoder().decode(Project.self, from: data) == project)
    }

    @Test func canonicalOutputReadsBackToTheSameProject() throws {
        let project = try Self.loadExpected()
        let again = try ModelFixture.project(project.canonicalYAML())
        #expect(again == project)
    }
}

/// Decodes model values from YAML text written in a test.
enum ModelFixture {
    static func node(_ yaml: String) throws -> YAMLNode {
        try #require(try YAMLReader(file: "test.yaml").documents(of: yaml).first)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ yaml: String) throws -> T {
        try NodeDecoder.decode(type, from: node(yaml))
    }

    /// The one diagnostic decoding `yaml` must produce.
    static func decodeError<T: Decodable>(_ type: T.Type, _ yaml: String) throws -> SpecDiagnostic {
        let root = try node(yaml)
        let error = try #require(throws: SpecError.self) { try NodeDecoder.decode(type, from: root) }
        #expect(error.diagnostics.count == 1)
        return try #require(error.diagnostics.first)
    }

    static func project(_ yaml: String) throws -> Project {
        try decode(Project.self, yaml)
    }
}
