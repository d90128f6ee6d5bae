import Foundation
import Testing

@testable import ComposeSpec

/// Validation against the compiled-in Compose Specification schema: the corpus verdicts of Python jsonschema,
/// compose-go's inline invalid cases with their positions, and the text-scalar typing rules.
struct ComposeSchemaTests {
    /// The diagnostics of every document of `text` (the validator only reports errors).
    private static func errors(_ text: String, file: String = "compose.yaml") throws -> [SpecDiagnostic] {
        try YAMLReader(file: file).documents(of: text).flatMap { ComposeSchema.standard.validate($0) }
    }

    private static func errors(inCorpus relative: String) throws -> [SpecDiagnostic] {
        let file = String(relative.split(separator: "/").last ?? "")
        return try errors(Corpus.text("compose-files/" + relative), file: file)
    }

    // MARK: - Corpus verdicts

    /// One row of compose-files/MANIFEST.tsv with Python jsonschema's verdict on it.
    struct Verdict: Sendable, CustomTestStringConvertible {
        let path: String
        /// The dotted path Python reported (`services.tmpfs.volumes.0`), nil when it found the file valid.
        let failingPath: String?
        var testDescription: String { path }
    }

    /// The manifest rows Python could judge, plus every awesome-compose sample. `reset.yaml` is in: PyYAML cannot
    /// read its `!reset` tag, our reader can, and the document is valid.
    static func verdicts() throws -> [Verdict] {
        var verdicts: [Verdict] = []
        for line in try Corpus.text("compose-files/MANIFEST.tsv").split(separator: "\n").dropFirst() {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count > 7 else { continue }
            let (path, kind, verdict) = (columns[0], columns[5], columns[7])
            if verdict == "schema-ok" || (kind == "fixture" && verdict.hasPrefix("yaml-error")) {
                verdicts.append(Verdict(path: path, failingPath: nil))
            } else if verdict.hasPrefix("schema-fail: ") {
                let failing = verdict.dropFirst("schema-fail: ".count).components(separatedBy: ": ").first ?? ""
                verdicts.append(Verdict(path: path, failingPath: failing))
            }
        }
        let samples = try FileManager.default.contentsOfDirectory(
            atPath: Corpus.url("compose-files/awesome-compose").path)
        for sample in samples.sorted()
        where !verdicts.contains(where: { $0.path == "awesome-compose/\(sample)/compose.yaml" }) {
            let path = "awesome-compose/\(sample)/compose.yaml"
            if FileManager.default.fileExists(atPath: Corpus.url("compose-files/" + path).path) {
                verdicts.append(Verdict(path: path, failingPath: nil))
            }
        }
        return verdicts
    }

    @Test func corpusHasEveryVerdict() throws {
        let verdicts = try Self.verdicts()
        #expect(verdicts.filter { $0.path.hasPrefix("awesome-compose/") }.count == 39)
        #expect(verdicts.filter { $0.failingPath == nil }.count >= 100)
        #expect(verdicts.filter { $0.failingPath != nil }.count == 19)
    }

    @Test(arguments: try verdicts().filter { $0.failingPath == nil })
    func validFileHasNoErrors(_ verdict: Verdict) throws {
        let errors = try Self.errors(inCorpus: verdict.path)
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test(arguments: try verdicts().filter { $0.failingPath != nil })
    func invalidFileFailsWherePythonFails(_ verdict: Verdict) throws {
        let errors = try Self.errors(inCorpus: verdict.path)
        let expected = (verdict.failingPath ?? "").split(separator: ".").map(String.init)
        // Python names the `oneOf` that failed; we name the value inside it, so its path only has to start there.
        let dotted = errors.map {
            $0.path.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
        }
        #expect(dotted.contains { $0.split(separator: ".").map(String.init).starts(with: expected) }, "\(errors)")
    }

    // MARK: - compose-go's inline invalid cases

    /// An inline-invalid file, the one error compose-go's wording leads us to expect, and where it is.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let file: String
        let code: SpecDiagnostic.Code
        let message: String
        let path: String
        let line: Int
        let column: Int
        var testDescription: String { file }

        init(_ file: String, _ code: SpecDiagnostic.Code, _ message: String, _ path: String, _ line: Int, _ column: Int)
        {
            (self.file, self.code, self.message, self.path, self.line, self.column) = (
                file, code, message, path, line, column
            )
        }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase("01-TestInvalidTopLevelObjectType", .wrongType, "top-level object must be a mapping", "", 1, 1),
        InvalidCase("02-TestInvalidTopLevelObjectType-2", .wrongType, "top-level object must be a mapping", "", 1, 1),
        InvalidCase("03-TestInvalidTopLevelObjectType-3", .wrongType, "top-level object must be a mapping", "", 1, 1),
        InvalidCase("08-TestNonMappingObject", .wrongType, "must be a mapping", "services", 4, 3),
        InvalidCase("09-TestNonMappingObject-2", .wrongType, "must be a mapping", "services.foo", 4, 8),
        InvalidCase("10-TestNonMappingObject-3", .wrongType, "must be a mapping", "networks", 4, 3),
        InvalidCase("11-TestNonMappingObject-4", .wrongType, "must be a mapping", "networks.default", 4, 12),
        InvalidCase("12-TestNonMappingObject-5", .wrongType, "must be a mapping", "volumes", 4, 3),
        InvalidCase("13-TestNonMappingObject-6", .wrongType, "must be a mapping", "volumes.data", 4, 9),
        InvalidCase("14-TestNonStringImage", .wrongType, "must be a string", "services.foo.image", 5, 12),
        InvalidCase(
            "15-TestInvalidEnvironmentValue", .wrongType, "must be a boolean, null, number or string",
            "services.dict-env.environment.FOO", 7, 12),
        InvalidCase(
            "16-TestInvalidEnvironmentObject", .wrongType, "mapping", "services.dict-env.environment", 6, 18),
        InvalidCase(
            "18-TestInvalidResource", .unknownKey, "additional properties 'impossible' not allowed",
            "services.foo.deploy.resources", 8, 17),
        InvalidCase(
            "23-TestLoadTmpfsVolumeAdditionalPropertyNotAllowed", .unknownKey,
            "additional properties 'foo' not allowed",
            "services.tmpfs.volumes[0]", 9, 9),
        InvalidCase(
            "25-TestLoadTmpfsVolumeSizeMustBeGTEQZero", .invalidValue, "must be greater than or equal to 0",
            "services.tmpfs.volumes[0].tmpfs.size", 10, 17),
        InvalidCase(
            "26-TestLoadTmpfsVolumeSizeMustBeInteger", .wrongType, "must be an integer",
            "services.tmpfs.volumes[0].tmpfs.size", 10, 17),
        InvalidCase(
            "31-TestServiceDeviceRequestCapabilitiesMandatory", .missingKey, "missing property 'capabilities'",
            "services.hello-world.deploy.resources.reservations.devices[0]", 10, 15),
        InvalidCase("32-TestLoadSSHWithoutValueInBuildConfig", .wrongType, "mapping", "services.test.build.ssh", 7, 7),
        InvalidCase("33-TestInvalidProjectNameType", .wrongType, "must be a string", "name", 1, 7),
        InvalidCase(
            "35-TestBadDevelopConfig", .missingKey, "missing property 'action'", "services.frontend.develop.watch[0]",
            10, 11),
        InvalidCase("38-TestV1Unsupported", .unknownKey, "additional properties 'foo' not allowed", "", 2, 1),
    ]

    @Test(arguments: invalidCases)
    func inlineInvalidGivesOneErrorInPlace(_ invalid: InvalidCase) throws {
        let file = invalid.file + ".yaml"
        let errors = try Self.errors(inCorpus: "compose-go/loader/inline-invalid/" + file)
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.code == invalid.code)
        #expect(error.message.contains(invalid.message), "\(error.message)")
        #expect(error.path == invalid.path)
        #expect(error.location == SourceLocation(file: file, line: invalid.line, column: invalid.column))
    }

    // MARK: - Keys

    @Test func unknownKeySuggestsClosestKeyAtTheKey() throws {
        let errors = try Self.errors("services:\n  web:\n    imgae: nginx\n")
        #expect(errors.map(\.message) == ["additional properties 'imgae' not allowed; did you mean 'image'?"])
        #expect(errors.first?.code == .unknownKey)
        #expect(errors.first?.path == "services.web")
        #expect(errors.first?.location == SourceLocation(file: "compose.yaml", line: 3, column: 5))
    }

    @Test func unknownKeyFarFromEveryKeyHasNoSuggestion() throws {
        let errors = try Self.errors("services:\n  web:\n    image: nginx\n    zzzzzzzz: 1\n")
        #expect(errors.map(\.message) == ["additional properties 'zzzzzzzz' not allowed"])
    }

    @Test func extensionKeysAreAllowedWhereTheSchemaAllowsThem() throws {
        let text = """
            x-common: {a: 1}
            services:
              web:
                image: nginx
                x-note: [1, 2]
                ports:
                  - target: 80
                    x-port: yes
            networks:
              front:
                x-net: 1
            """
        #expect(try Self.errors(text).isEmpty)
    }

    @Test func missingRequiredKeysAreEachReported() throws {
        let errors = try Self.errors("services:\n  web:\n    image: x\n    ulimits:\n      nofile: {}\n")
        #expect(errors.map(\.message) == ["missing property 'soft'", "missing property 'hard'"])
        #expect(errors.allSatisfy { $0.code == .missingKey && $0.path == "services.web.ulimits.nofile" })
    }

    @Test func deprecatedKeysAreAccepted() throws {
        let text = "version: '3.8'\nnetworks:\n  n:\n    external:\n      name: other\n"
        #expect(try Self.errors(text).isEmpty)
    }

    // MARK: - Values

    /// A value for a field, and whether the schema accepts it under the text-scalar typing rules.
    struct ScalarCase: Sendable, CustomTestStringConvertible {
        let yaml: String
        let isValid: Bool
        var testDescription: String { yaml }
    }

    static let scalarCases: [ScalarCase] = [
        ScalarCase(yaml: "image: 123", isValid: false),
        ScalarCase(yaml: "image: '123'", isValid: true),
        ScalarCase(yaml: "image: true", isValid: false),
        ScalarCase(yaml: "image: yes", isValid: true),
        ScalarCase(yaml: "image: 0x1F", isValid: false),
        ScalarCase(yaml: "image: 1e3", isValid: false),
        ScalarCase(yaml: "image: .inf", isValid: false),
        ScalarCase(yaml: "image: 1_000", isValid: true),
        ScalarCase(yaml: "image: ${IMAGE}", isValid: true),
        ScalarCase(yaml: "use_api_socket: TRUE", isValid: true),
        ScalarCase(yaml: "use_api_socket: 'true'", isValid: true),
        ScalarCase(yaml: "use_api_socket: '1'", isValid: true),
        ScalarCase(yaml: "use_api_socket: 1", isValid: false),
        ScalarCase(yaml: "use_api_socket: yes", isValid: false),
        ScalarCase(yaml: "use_api_socket:", isValid: false),
        ScalarCase(yaml: "cpu_percent: 100", isValid: true),
        ScalarCase(yaml: "cpu_percent: 101", isValid: false),
        ScalarCase(yaml: "cpu_percent: 0o17", isValid: true),
        ScalarCase(yaml: "oom_score_adj: -1001", isValid: false),
        ScalarCase(yaml: "cgroup: host", isValid: true),
        ScalarCase(yaml: "cgroup: shared", isValid: false),
        ScalarCase(yaml: "pull_policy: every_2d", isValid: true),
        ScalarCase(yaml: "pull_policy: sometimes", isValid: false),
        ScalarCase(yaml: "command: 12", isValid: false),
        ScalarCase(yaml: "command:", isValid: true),
        ScalarCase(yaml: "ports: [80, '80']", isValid: true),
        ScalarCase(yaml: "ports: ['80:80', 80:80]", isValid: false),
        ScalarCase(yaml: "cap_add: [NET_ADMIN, SYS_TIME, NET_ADMIN]", isValid: false),
    ]

    @Test(arguments: scalarCases)
    func scalarTyping(_ scalar: ScalarCase) throws {
        let errors = try Self.errors("services:\n  web:\n    \(scalar.yaml)\n")
        #expect(errors.isEmpty == scalar.isValid, "\(errors)")
    }

    @Test func integerAndNumberFieldsReadTheirText() throws {
        let valid = "models:\n  m:\n    model: ai/x\n    context_size: '4096'\n"
        #expect(try Self.errors(valid).isEmpty)
        let fraction = try Self.errors("models:\n  m:\n    model: ai/x\n    context_size: 1.5\n")
        #expect(fraction.map(\.message) == ["must be an integer"])
        let priority = "services:\n  web:\n    networks:\n      front:\n        gw_priority: -1.5\n"
        #expect(try Self.errors(priority).isEmpty)
    }

    @Test func alternativesWithoutAMatchingTypeAreNamedTogether() throws {
        let errors = try Self.errors("services:\n  web:\n    command: {a: 1}\n")
        #expect(errors.map(\.message) == ["must be a list, null or string"])
        #expect(errors.first?.location == SourceLocation(file: "compose.yaml", line: 3, column: 14))
    }

    @Test func duplicateItemIsReportedAtTheRepeat() throws {
        let errors = try Self.errors("services:\n  web:\n    cap_add:\n      - NET_ADMIN\n      - NET_ADMIN\n")
        #expect(errors.map(\.message) == ["items [0] and [1] are equal; list items must be unique"])
        #expect(errors.first?.path == "services.web.cap_add")
        #expect(errors.first?.location == SourceLocation(file: "compose.yaml", line: 5, column: 9))
    }

    @Test func everyErrorIsReportedOnceInDocumentOrder() throws {
        let text = """
            services:
              web:
                image: [a]
                restart: true
                ports:
                  - target: 80
                    protocl: tcp
                depends_on:
                  db: {condition: service_whatever}
            volumes:
              data: local
            """
        let errors = try Self.errors(text)
        #expect(
            errors.map(\.path) == [
                "services.web.image", "services.web.restart", "services.web.ports[0]",
                "services.web.depends_on.db.condition", "volumes.data",
            ])
        #expect(errors.map(\.location.line) == [3, 4, 7, 9, 11])
    }

    // MARK: - Schema reading

    @Test func schemaWithAnUnsupportedKeywordIsRefused() {
        #expect(throws: SchemaParseError.self) {
            try ComposeSchema(jsonText: #"{"type": "object", "anyOf": [{"type": "object"}]}"#)
        }
    }

    @Test func schemaWithAnUndefinedReferenceIsRefused() {
        #expect(throws: SchemaParseError.self) {
            try ComposeSchema(jsonText: ##"{"properties": {"a": {"$ref": "#/definitions/missing"}}}"##)
        }
    }
}
