import ComposeSpec
import Foundation
import Testing

/// One line of `interpolation/dotenv-parse-cases.jsonl`: a value to find, a map to match, or an error.
struct DotEnvParseCase: Decodable, Sendable, CustomTestStringConvertible {
    var input: String
    var key: String?
    var expected: String?
    var expectedMap: [String: String]?
    var errorContains: String?
    var error: Bool?

    enum CodingKeys: String, CodingKey {
        case input, key, expected, error
        case expectedMap = "expected_map"
        case errorContains = "error_contains"
    }

    var isError: Bool { errorContains != nil || error == true }
    var testDescription: String { input.debugDescription }

    static let all: [DotEnvParseCase] = (try? Corpus.jsonLines("interpolation/dotenv-parse-cases.jsonl")) ?? []
}

/// One entry of `interpolation/dotenv-fixture-expectations.json`.
struct DotEnvFixtureCase: Decodable, Sendable, CustomTestStringConvertible {
    var file: String?
    var inline: String?
    var osEnv: [String: String]?
    var lookup: [String: String]?
    var mode: String
    var expected: [String: String]?
    var expectedAbsentKeys: [String]?
    var expectedError: String?
    var test: String

    enum CodingKeys: String, CodingKey {
        case file, inline, lookup, mode, expected, test
        case osEnv = "os_env"
        case expectedAbsentKeys = "expected_absent_keys"
        case expectedError = "expected_error"
    }

    var testDescription: String { "\(test) (\(mode))" }

    /// compose-go's `Read` compares whole maps; its `Load` only sets what the process lacks.
    var comparesExactly: Bool { mode.contains("exact") || mode.hasPrefix("parse") }
    var loadsIntoProcess: Bool { mode.hasPrefix("load into process env") }

    func text() throws -> String {
        if let inline { return inline }
        return try Corpus.text("interpolation/" + (file ?? ""))
    }

    static let all: [DotEnvFixtureCase] = {
        guard let data = try? Data(contentsOf: Corpus.url("interpolation/dotenv-fixture-expectations.json")) else {
            return []
        }
        return (try? JSONDecoder().decode([DotEnvFixtureCase].self, from: data)) ?? []
    }()
}

@Suite struct DotEnvTests {
    private func parse(_ text: String, lookup: [String: String] = [:]) throws(SpecError) -> [String: String] {
        let pairs = try DotEnv.parse(text, file: ".env") { lookup[$0] }
        return Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    @Test func corpusHasEveryCase() {
        #expect(DotEnvParseCase.all.count == 69)
        #expect(DotEnvFixtureCase.all.count == 19)
    }

    @Test(arguments: DotEnvParseCase.all)
    func parsing(_ testCase: DotEnvParseCase) throws {
        if testCase.isError {
            let error = try #require(throws: SpecError.self) { try parse(testCase.input) }
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.code == .invalidValue)
            #expect(diagnostic.location.file == ".env" && diagnostic.location.line == 1)
            if let phrase = testCase.errorContains, !phrase.isEmpty {
                #expect(diagnostic.message.contains(phrase), "\(diagnostic)")
            }
            return
        }
        let values = try parse(testCase.input)
        if let expectedMap = testCase.expectedMap {
            #expect(values == expectedMap)
        } else {
            let key = try #require(testCase.key)
            #expect(values[key] == testCase.expected)
        }
    }

    @Test(arguments: DotEnvFixtureCase.all)
    func fixture(_ testCase: DotEnvFixtureCase) throws {
        let text = try testCase.text()
        let environment = testCase.lookup ?? testCase.osEnv ?? [:]
        if let expectedError = testCase.expectedError {
            let error = try #require(throws: SpecError.self) { try parse(text, lookup: environment) }
            let diagnostic = try #require(error.diagnostics.first)
            try expectLineAndPhrase(of: diagnostic, matching: expectedError)
            return
        }
        var values = try parse(text, lookup: testCase.loadsIntoProcess ? [:] : environment)
        if testCase.loadsIntoProcess {
            values.merge(environment) { _, existing in existing }
        }
        for key in testCase.expectedAbsentKeys ?? [] {
            #expect(values[key] == nil)
        }
        guard let expected = testCase.expected else { return }
        if testCase.comparesExactly {
            // `Read` drops keys that start with a digit (plain.env's `456 = ABC`); parsing keeps them.
            #expect(values.filter { !($0.key.first?.isNumber ?? false) } == expected)
        } else {
            for (key, value) in expected {
                #expect(values[key]?.replacingOccurrences(of: "\r\n", with: "\n") == value, "\(key)")
            }
        }
    }

    /// compose-go's `line 7: key cannot contain a space` becomes a diagnostic on line 7 with that phrase.
    private func expectLineAndPhrase(of diagnostic: SpecDiagnostic, matching upstream: String) throws {
        let parts = upstream.split(separator: ": ", maxSplits: 1)
        let line = try #require(Int(parts[0].dropFirst("line ".count)))
        #expect(diagnostic.location.line == line)
        #expect(diagnostic.message.contains(parts[1]), "\(diagnostic)")
    }

    @Test func unterminatedQuoteIsReportedWhereTheQuoteOpens() throws {
        let error = try #require(throws: SpecError.self) {
            try parse("A=1\n# note\nB = 'never\nclosed\n")
        }
        #expect(error.description == ".env:3:5: error: B: unterminated quoted value for B")
    }

    @Test func badKeyIsReportedAtTheCharacter() throws {
        let error = try #require(throws: SpecError.self) { try parse("A=1\n  lol$wut=2\n") }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 6)
        #expect(diagnostic.message == "unexpected character \"$\" in variable name \"lol$wut=2\"")
    }

    @Test func requiredVariableInAValueIsAMissingVariable() throws {
        let error = try #require(throws: SpecError.self) { try parse("A=1\nB=${NOPE:?needed}\n") }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.code == .missingVariable)
        #expect(diagnostic.path == "B" && diagnostic.location.line == 2 && diagnostic.location.column == 3)
        #expect(diagnostic.message == "required variable NOPE is missing a value: needed")
    }

    @Test func repeatedKeyKeepsItsFirstPlaceAndLastValue() throws {
        let pairs = try DotEnv.parse("A=1\nB=2\nA=3\n", file: ".env") { _ in nil }
        #expect(pairs.map(\.key) == ["A", "B"])
        #expect(pairs.map(\.value) == ["3", "2"])
    }

    @Test func bareKeyOnTheLastLineInherits() throws {
        #expect(try parse("A=1\nB", lookup: ["B": "from env"]) == ["A": "1", "B": "from env"])
        #expect(try parse("A=1\nB") == ["A": "1"])
    }

    @Test func valuesReadTheEnvironmentBeforeEarlierKeys() throws {
        let values = try parse("A=file\nB=$A\nC=${A:+set}\n", lookup: ["A": "env"])
        #expect(values == ["A": "file", "B": "env", "C": "set"])
    }

    @Test func crlfLineEndingsAreIgnored() throws {
        #expect(try parse("A=1\r\nB=\"two\"\r\nC\r\n", lookup: ["C": "3"]) == ["A": "1", "B": "two", "C": "3"])
    }

    @Test func octalEscapesNeedThreeDigits() throws {
        #expect(try parse(#"A="\0101|\01|\0400|\c""#) == ["A": #"A|\01|\0400|\c"#])
    }
}
