import Foundation
import Testing

@testable import ComposeSpec

/// One test per class of bad input: the message says what is wrong and the position says where.
@Suite struct LoaderErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var code: SpecDiagnostic.Code
        var line: Int
        var column: Int
        var phrase: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "yaml syntax", yaml: "services:\n  web:\n    image: [busybox\n", code: .yamlSyntax, line: 4,
            column: 1,
            phrase: "did not find expected ',' or ']' while parsing a flow sequence started at line 3, column 12"),
        Case(
            name: "tab indentation", yaml: "services:\n  web:\n\timage: busybox\n", code: .yamlSyntax, line: 3,
            column: 1,
            phrase: "tab character"),
        Case(
            name: "duplicate key", yaml: "services:\n  web:\n    image: a\n    image: b\n", code: .duplicateKey,
            line: 4,
            column: 5, phrase: "'image' is already defined at line 3"),
        Case(
            name: "wrong type", yaml: "services:\n  web:\n    image: busybox\n    privileged: maybe\n",
            code: .wrongType,
            line: 4, column: 17, phrase: "boolean"),
        Case(
            name: "unknown key", yaml: "services:\n  web:\n    imag: busybox\n", code: .unknownKey, line: 3, column: 5,
            phrase: "did you mean 'image'"),
        Case(
            name: "undefined network",
            yaml: "services:\n  web:\n    image: busybox\n    networks: [front]\n", code: .undefinedReference, line: 4,
            column: 16, phrase: "undefined network front"),
        Case(
            name: "dependency cycle",
            yaml: "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n",
            code: .cycle, line: 4, column: 17, phrase: "a -> b -> a"),
        Case(
            name: "bad interpolation", yaml: "services:\n  web:\n    image: \"busybox:${}\"\n", code: .interpolation,
            line: 3, column: 12, phrase: "invalid"),
        Case(
            name: "missing required variable", yaml: "services:\n  web:\n    image: \"${TAG:?set a tag}\"\n",
            code: .missingVariable, line: 3, column: 12, phrase: "set a tag"),
        Case(
            name: "non-string key", yaml: "services:\n  web:\n    image: x\n    environment:\n      1: one\n",
            code: .nonStringKey, line: 5, column: 7, phrase: "non-string key in services.web.environment"),
        Case(
            name: "top level not a mapping", yaml: "- services\n", code: .wrongType, line: 1, column: 1,
            phrase: "top-level object must be a mapping"),
        Case(
            name: "undefined service in depends_on",
            yaml: "services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: service_healthy\n",
            code: .undefinedReference, line: 5, column: 7, phrase: "depends on undefined service \"db\""),
    ]

    @Test(arguments: cases)
    func badInputNamesWhatAndWhere(_ testCase: Case) throws {
        try TempProject.with(["compose.yaml": testCase.yaml]) { project in
            let error = #expect(throws: SpecError.self) {
                try ProjectLoader(options: project.options()).load()
            }
            let diagnostic = try #require(error?.diagnostics.first { $0.code == testCase.code }, "\(error?.text ?? "")")
            #expect(diagnostic.message.contains(testCase.phrase), "\(diagnostic)")
            #expect(diagnostic.location.file == project.path("compose.yaml"))
            #expect(diagnostic.location.line == testCase.line, "\(diagnostic)")
            #expect(diagnostic.location.column == testCase.column, "\(diagnostic)")
        }
    }

    @Test func allErrorsAreReportedNotJustTheFirst() throws {
        let yaml = "services:\n  web:\n    imag: x\n    restart: [always]\n"
        try TempProject.with(["compose.yaml": yaml]) { project in
            let error = #expect(throws: SpecError.self) { try ProjectLoader(options: project.options()).load() }
            #expect((error?.diagnostics.count ?? 0) >= 2)
        }
    }

    @Test func renderedDiagnosticHasFileLineColumnAndPath() {
        let diagnostic = SpecDiagnostic(
            .invalidValue, "expected HOST:CONTAINER", at: SourceLocation(file: "compose.yaml", line: 12, column: 7),
            path: "services.web.ports[1]")
        #expect(diagnostic.description == "compose.yaml:12:7: error: services.web.ports[1]: expected HOST:CONTAINER")
    }
}
