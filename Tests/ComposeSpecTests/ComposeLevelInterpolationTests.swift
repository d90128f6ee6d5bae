import Foundation
import Testing
import Yams

@testable import ComposeSpec

/// ../shared/corpus/interpolation/compose-level: whole compose files interpolated, then cast to each
/// field's type; and COMPOSE_PROJECT_NAME as the files see it.
@Suite struct ComposeLevelInterpolationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var files: [String]
        var environment: [String: String]
        var options: String
        /// Expected values by key path, as JSON text (the corpus's own notation).
        var expected: [String: String]
        var testDescription: String { files.joined(separator: " + ") }
    }

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: Corpus.url("interpolation/compose-level/EXPECTED.json")),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return list.map { item in
            let expected = (item["expected"] as? [String: Any] ?? [:]).mapValues { value in
                (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]))
                    .map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
            return Case(
                files: item["files"] as? [String] ?? [], environment: item["env"] as? [String: String] ?? [:],
                options: item["options"] as? String ?? "", expected: expected)
        }
    }()

    @Test func corpusHasTheCases() {
        #expect(Self.cases.count == 5)
    }

    @Test(arguments: cases)
    func interpolatedValuesAreCastToTheirFieldTypes(_ testCase: Case) throws {
        let folder = Corpus.url("interpolation/compose-level").path
        var options = LoadOptions(workingDirectory: folder, environment: testCase.environment)
        options.files = testCase.files
        if testCase.options.contains("SkipNormalization") { options.normalize = false }
        if testCase.options.contains("SkipConsistencyCheck") { options.checkConsistency = false }
        if testCase.options.contains("project name \"interpolated\"") { options.projectName = "interpolated" }
        // The YAML output keeps `x-` extensions on nested objects, as compose-go's model does.
        let yaml = try ProjectLoader(options: options).load().project.canonicalYAML()
        let json = try #require(try Yams.load(yaml: yaml))
        for (path, expectedText) in testCase.expected.sorted(by: { $0.key < $1.key }) {
            let expected = try JSONSerialization.jsonObject(with: Data(expectedText.utf8), options: .fragmentsAllowed)
            let actual = Self.value(at: path, in: json)
            #expect(
                Self.matches(expected, actual), "\(path): expected \(expectedText), got \(String(describing: actual))")
        }
    }

    /// Follows `services.web.configs[0]` through parsed JSON.
    static func value(at path: String, in json: Any) -> Any? {
        var current: Any? = json
        for part in path.split(separator: ".") {
            var key = Substring(part)
            var index: Int?
            if let open = part.firstIndex(of: "[") {
                key = part[..<open]
                index = Int(part[part.index(after: open)...].dropLast())
            }
            current = (current as? [String: Any])?[String(key)]
            if let index { current = (current as? [Any]).flatMap { index < $0.count ? $0[index] : nil } }
        }
        return current
    }

    /// Expected values are compose-go's typed values; where the corpus writes a note ("0o555 (octal ...)",
    /// "2147483648 bytes (...)", "60s") the typed value it names is compared.
    static func matches(_ expected: Any, _ actual: Any?) -> Bool {
        guard let actual else { return false }
        switch expected {
        case let object as [String: Any]:
            guard let actualObject = actual as? [String: Any] else { return false }
            return object.allSatisfy { key, value in matches(value, actualObject[key]) }
        case let list as [Any]:
            guard let actualList = actual as? [Any], actualList.count == list.count else { return false }
            return zip(list, actualList).allSatisfy { matches($0, $1) }
        case let text as String:
            return matchesText(text, actual)
        case let number as NSNumber:
            if let flag = actual as? Bool { return number.boolValue == flag && (number == 0 || number == 1) }
            if let value = actual as? Int { return number.doubleValue == Double(value) }
            if let value = actual as? Double { return number.doubleValue == value }
            return "\(number)" == "\(actual)"
        default:
            return false
        }
    }

    private static func matchesText(_ text: String, _ actual: Any) -> Bool {
        let actualText = "\(actual)"
        if text == actualText { return true }
        if text.hasPrefix("0o"), let octal = Int(text.dropFirst(2).prefix { $0.isNumber }, radix: 8) {
            return Int(actualText, radix: 8) == octal || (actual as? NSNumber)?.intValue == octal
        }
        if let bytes = Int64(text.prefix { $0.isNumber }), text.contains("bytes") {
            return (try? ByteSize(parsing: actualText))?.bytes == bytes
        }
        if let left = try? ComposeDuration(parsing: text), let right = try? ComposeDuration(parsing: actualText) {
            return left == right
        }
        return false
    }
}
