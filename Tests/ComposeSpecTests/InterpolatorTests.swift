import ComposeSpec
import Foundation
import Testing

/// One line of `interpolation/substitution-cases.jsonl`.
struct SubstitutionCase: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var template: String
    /// A missing key is an unset variable; an empty string is set but empty.
    var env: [String: String]
    var expected: String?
    var errorContains: String?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case id, template, env, expected, note
        case errorContains = "error_contains"
    }

    var testDescription: String { "\(id): \(template)" }

    static let all: [SubstitutionCase] = (try? Corpus.jsonLines("interpolation/substitution-cases.jsonl")) ?? []

    static func withID(_ id: String) -> SubstitutionCase? {
        all.first { $0.id == id }
    }

    /// compose-go reports some errors with the key path they were found at; these split that text into
    /// the path (relative to `services`) and the phrases our diagnostic must contain.
    var pathLevelError: (path: String, phrases: [String])? {
        guard let text = errorContains else { return nil }
        let interpolating = "error while interpolating "
        if text.hasPrefix(interpolating), let colon = text.range(of: ": ") {
            let path = String(text[text.index(text.startIndex, offsetBy: interpolating.count)..<colon.lowerBound])
            return (path, [String(text[colon.upperBound...])])
        }
        let invalid = "invalid interpolation format for "
        if text.hasPrefix(invalid), let end = text.range(of: ".\n") {
            let path = String(text[text.index(text.startIndex, offsetBy: invalid.count)..<end.lowerBound])
            return (path, ["invalid interpolation format", "you may need to escape any $ with another $", template])
        }
        return nil
    }

    /// The phrase `Interpolator.substitute` itself must report (compose-go's template package wording).
    var templateLevelPhrase: String? {
        guard let text = errorContains else { return nil }
        guard let pathLevel = pathLevelError else { return text }
        return pathLevel.phrases[0].hasPrefix("invalid interpolation") ? "invalid template" : pathLevel.phrases[0]
    }
}

extension Corpus {
    /// Decodes one JSON object per non-empty line of a corpus file.
    static func jsonLines<Case: Decodable>(_ relative: String) throws -> [Case] {
        let decoder = JSONDecoder()
        return try text(relative).split(separator: "\n").map { line in
            try decoder.decode(Case.self, from: Data(line.utf8))
        }
    }
}

@Suite struct InterpolatorTests {
    @Test func corpusHasEveryCase() {
        #expect(SubstitutionCase.all.count == 113)
    }

    @Test(arguments: SubstitutionCase.all)
    func substitution(_ testCase: SubstitutionCase) throws {
        let interpolator = Interpolator(environment: testCase.env)
        if let expected = testCase.expected {
            #expect(try interpolator.substitute(testCase.template) == expected)
            return
        }
        let phrase = try #require(testCase.templateLevelPhrase)
        let error = try #require(throws: InterpolationError.self) {
            try interpolator.substitute(testCase.template)
        }
        #expect(error.message.lowercased().contains(phrase.lowercased()), "\(error.message)")
        #expect(error.isMissingRequired == phrase.hasPrefix("required variable"))
    }

    /// compose-go warns about unset variables replaced by a blank; defaults are evaluated only when used,
    /// so a reference inside an unused default or error message must not warn (notes of these cases).
    @Test(arguments: [("014", ["missing"]), ("020", []), ("021", ["B"]), ("022", [])])
    func unsetVariablesAreReportedOnlyWhenEvaluated(id: String, expected: [String]) throws {
        let testCase = try #require(SubstitutionCase.withID(id))
        var unset: [String] = []
        _ = try Interpolator(environment: testCase.env).substitute(testCase.template, unsetVariables: &unset)
        #expect(unset == expected)
    }

    @Test func requiredErrorNamesTheVariable() throws {
        let error = try #require(throws: InterpolationError.self) {
            try Interpolator(environment: [:]).substitute("${DB_PASSWORD:?set it in .env}")
        }
        #expect(error.isMissingRequired)
        #expect(error.variable == "DB_PASSWORD")
        #expect(error.message == "required variable DB_PASSWORD is missing a value: set it in .env")
    }

    @Test func invalidTemplateQuotesTheTemplate() throws {
        let error = try #require(throws: InterpolationError.self) {
            try Interpolator(environment: [:]).substitute("a ${ b}")
        }
        #expect(!error.isMissingRequired)
        #expect(error.message == "invalid template: \"a ${ b}\"")
    }

    @Test func defaultMayNotCrossALineBreak() {
        #expect(throws: InterpolationError.self) {
            try Interpolator(environment: [:]).substitute("${A:-x\n}")
        }
    }

    @Test func bracesBalanceInsideADefault() throws {
        let interpolator = Interpolator(environment: [:])
        #expect(try interpolator.substitute("${A:-{x}} and {y}") == "{x} and {y}")
        #expect(try interpolator.substitute("${A:-x}\necho }") == "x\necho }")
    }

    @Test func namesAreASCIIAndCaseSensitive() throws {
        let interpolator = Interpolator(environment: ["foo": "lower", "FOO": "upper"])
        #expect(try interpolator.substitute("$foo $FOO ${Foo}é") == "lower upper é")
        #expect(try interpolator.substitute("$1 $é") == "$1 $é")
    }

    @Test func variablesInATemplateIncludeThoseInDefaults() {
        let references = Interpolator(environment: [:]).variables(in: "$A ${B:-${C}} ${D:?$E} ${F:+x} $$G ${")
        #expect(
            references == [
                VariableReference(name: "A"),
                VariableReference(name: "B", defaultValue: "${C}"),
                VariableReference(name: "C"),
                VariableReference(name: "D", isRequired: true),
                VariableReference(name: "F", alternateValue: "x"),
            ])
    }
}
