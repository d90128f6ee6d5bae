import ComposeSpec
import Foundation
import Testing

/// One case of `interpolation/variables-extraction-cases.json`, its document turned into a node tree.
struct VariablesExtractionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var document: YAMLNode
    var expected: [VariableReference]

    var testDescription: String { name }

    static let all: [VariablesExtractionCase] = {
        guard let data = try? Data(contentsOf: Corpus.url("interpolation/variables-extraction-cases.json")),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { return [] }
        return cases.map { entry in
            let expected = (entry["expected_variables"] as? [[String: Any]] ?? []).map { variable in
                VariableReference(
                    name: variable["name"] as? String ?? "", defaultValue: variable["default"] as? String,
                    alternateValue: variable["presence_value"] as? String,
                    isRequired: variable["required"] as? Bool ?? false)
            }
            return VariablesExtractionCase(
                name: entry["name"] as? String ?? "", document: node(fromJSON: entry["document"] ?? NSNull()),
                expected: expected)
        }
    }()

    static func node(fromJSON value: Any) -> YAMLNode {
        let here = SourceLocation.synthetic("case.json")
        switch value {
        case let text as String:
            return .scalar(text, at: here)
        case let list as [Any]:
            return .sequence(list.map(node(fromJSON:)), at: here)
        case let object as [String: Any]:
            let entries = object.keys.sorted().map { key in
                YAMLNode.Entry(key: key, keyLocation: here, value: node(fromJSON: object[key] ?? NSNull()))
            }
            return .mapping(entries, at: here)
        case is NSNull:
            return .null(at: here)
        default:
            return .scalar("\(value)", at: here)
        }
    }
}

@Suite struct YAMLNodeInterpolationTests {
    private func interpolate(
        _ yaml: String, _ environment: [String: String]
    ) throws -> (node: YAMLNode, diagnostics: [SpecDiagnostic]) {
        let document = try #require(try YAMLReader(file: "compose.yaml").documents(of: yaml).first)
        var diagnostics: [SpecDiagnostic] = []
        let node = document.interpolated(
            with: Interpolator(environment: environment), path: "", diagnostics: &diagnostics)
        return (node, diagnostics)
    }

    @Test func missingRequiredVariableIsReportedAtTheValue() throws {
        let yaml = """
            services:
              web:
                image: nginx
                ports:
                  - "80:80"
                  - ${PORT:?set PORT}:443
            """
        let (_, diagnostics) = try interpolate(yaml, [:])
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.code == .missingVariable)
        #expect(
            diagnostic.description
                == "compose.yaml:6:9: error: services.web.ports[1]: required variable PORT is missing a value: set PORT"
        )
    }

    @Test func invalidTemplateIsAnInterpolationError() throws {
        let (node, diagnostics) = try interpolate("services:\n  web:\n    image: \"nginx:${\"\n", [:])
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == .interpolation && diagnostic.severity == .error)
        #expect(diagnostic.path == "services.web.image")
        #expect(diagnostic.location == SourceLocation(file: "compose.yaml", line: 3, column: 12))
        #expect(diagnostic.message.contains("\"nginx:${\"") && diagnostic.message.contains("escape any $"))
        #expect(node["services"]?["web"]?["image"]?.scalar == "nginx:${")
    }

    @Test func everyFailingValueIsReported() throws {
        let yaml = "a: ${A:?one}\nb:\n  - ok\n  - ${B?two}\nc: ${\n"
        let (_, diagnostics) = try interpolate(yaml, [:])
        #expect(diagnostics.map(\.path) == ["a", "b[1]", "c"])
        #expect(diagnostics.map(\.code) == [.missingVariable, .missingVariable, .interpolation])
    }

    @Test func substitutedValuesBecomeText() throws {
        let yaml = "replicas: ${COUNT}\ncpus: 2\nentrypoint: $$HOME\nempty: ${NONE-}\n"
        let (node, diagnostics) = try interpolate(yaml, ["COUNT": "3"])
        #expect(diagnostics.isEmpty)
        #expect(node["replicas"]?.scalar == "3" && node["replicas"]?.isQuoted == true)
        #expect(node["cpus"]?.scalar == "2" && node["cpus"]?.isQuoted == false)
        #expect(node["entrypoint"]?.scalar == "$HOME" && node["entrypoint"]?.isQuoted == true)
        #expect(node["empty"]?.scalar == "" && node["empty"]?.isQuoted == true)
    }

    @Test func mappingKeysAreNotInterpolated() throws {
        let (node, _) = try interpolate("labels:\n  \"$KEY\": $VALUE\n", ["KEY": "k", "VALUE": "v"])
        let entry = try #require(node["labels"]?.entries?.first)
        #expect(entry.key == "$KEY" && entry.value.scalar == "v")
    }

    @Test func unsetVariableBecomesBlankWithAWarningAtEachUse() throws {
        let (node, diagnostics) = try interpolate("a: $MISSING\nb: x${MISSING}y\nc: ${OTHER:-d}\n", [:])
        #expect(node["a"]?.scalar == "" && node["b"]?.scalar == "xy" && node["c"]?.scalar == "d")
        // A default silences the warning, as in compose.
        #expect(diagnostics.map(\.path) == ["a", "b"])
        #expect(diagnostics.allSatisfy { $0.severity == .warning && $0.code == .unsetVariable })
        #expect(diagnostics.first?.message == "the \"MISSING\" variable is not set, defaulting to a blank string")
    }

    /// compose-go's errors that name a key path (`error while interpolating P: …`): our diagnostic
    /// carries the path separately and the rest in its message.
    @Test(arguments: SubstitutionCase.all.filter { $0.pathLevelError != nil })
    func pathLevelErrors(_ testCase: SubstitutionCase) throws {
        let (path, phrases) = try #require(testCase.pathLevelError)
        let here = SourceLocation(file: "compose.yaml", line: 9, column: 12)
        var node = YAMLNode.scalar(testCase.template, at: here)
        for key in (["services"] + path.split(separator: ".").map(String.init)).reversed() {
            node = .mapping([YAMLNode.Entry(key: key, keyLocation: here, value: node)], at: here)
        }
        var diagnostics: [SpecDiagnostic] = []
        _ = node.interpolated(with: Interpolator(environment: testCase.env), path: "", diagnostics: &diagnostics)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1 && diagnostic.severity == .error)
        #expect(diagnostic.path == "services.\(path)" && diagnostic.location == here)
        for phrase in phrases {
            #expect(diagnostic.message.lowercased().contains(phrase.lowercased()), "\(diagnostic)")
        }
    }

    @Test func corpusHasEveryExtractionCase() {
        #expect(VariablesExtractionCase.all.count == 18)
    }

    /// Upstream compares Go structs, where an absent default and an empty one are the same.
    @Test(arguments: VariablesExtractionCase.all)
    func variableExtraction(_ testCase: VariablesExtractionCase) {
        func normalized(_ references: [VariableReference]) -> [VariableReference] {
            references.map {
                VariableReference(
                    name: $0.name, defaultValue: $0.defaultValue ?? "", alternateValue: $0.alternateValue ?? "",
                    isRequired: $0.isRequired)
            }.sorted { $0.name < $1.name }
        }
        #expect(normalized(testCase.document.variableReferences()) == normalized(testCase.expected))
    }

    @Test func variableReferencesAreUniqueAndSorted() throws {
        let yaml = "b: $ZED\nc: [\"${ALPHA:-x}\", $ZED]\nd:\n  $KEY: ${ALPHA}\n"
        let document = try #require(try YAMLReader(file: "compose.yaml").documents(of: yaml).first)
        #expect(
            document.variableReferences() == [VariableReference(name: "ALPHA", defaultValue: "x"), .init(name: "ZED")])
    }

    /// `compose-level/env-interpolation.yaml`: list-form labels, a driver and a `${VAR}` in a comment.
    @Test func composeLevelEnvironmentInterpolation() throws {
        let data = try Data(contentsOf: Corpus.url("interpolation/compose-level/EXPECTED.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let entry = try #require(cases.first { ($0["files"] as? [String]) == ["env-interpolation.yaml"] })
        let environment = try #require(entry["env"] as? [String: String])
        let expected = try #require(entry["expected"] as? [String: Any])
        let yaml = try Corpus.text("interpolation/compose-level/env-interpolation.yaml")
        let (node, diagnostics) = try interpolate(yaml, environment)
        // The corpus leaves NONEXISTENT unset on purpose: a warning, not an error.
        #expect(diagnostics.allSatisfy { $0.severity == .warning && $0.message.contains("NONEXISTENT") })
        let labels = node["services"]?["test"]?["labels"]?.items?.compactMap(\.scalar) ?? []
        let labelMap = Dictionary(
            labels.map { ($0.prefix { $0 != "=" }.description, $0.drop { $0 != "=" }.dropFirst().description) },
            uniquingKeysWith: { first, _ in first })
        #expect(labelMap == expected["services.test.labels"] as? [String: String])
        #expect(node["networks"]?["test"]?["driver"]?.scalar == expected["networks.test.driver"] as? String)
        #expect(node["volumes"]?["test"]?["driver"]?.scalar == expected["volumes.test.driver"] as? String)
    }
}
