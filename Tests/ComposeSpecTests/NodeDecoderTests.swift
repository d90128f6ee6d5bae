import Testing

@testable import ComposeSpec

/// Decoding failures name the key path and the place, and carry a code.
struct NodeDecoderTests {
    @Test func wrongIntegerNamesPathAndPosition() throws {
        let yaml = "services:\n  web:\n    ports:\n      - target: 80\n      - target: abc\n"
        let diagnostic = try ModelFixture.decodeError(Project.self, yaml)
        #expect(diagnostic.code == .wrongType)
        #expect(diagnostic.path == "services.web.ports[1].target")
        #expect(diagnostic.location == SourceLocation(file: "test.yaml", line: 5, column: 17))
        #expect(
            diagnostic.description
                == "test.yaml:5:17: error: services.web.ports[1].target: expected an integer, got 'abc'")
    }

    @Test func everyBadValueIsReportedInFileOrder() throws {
        let yaml = "services:\n  web:\n    privileged: maybe\n    cpus: lots\n    ports: [{target: x}]\n"
        let error = try #require(throws: SpecError.self) { try ModelFixture.project(yaml) }
        #expect(
            error.diagnostics.map(\.path) == [
                "services.web.privileged", "services.web.cpus", "services.web.ports[0].target",
            ])
    }

    @Test func badDurationIsAnInvalidValueAtItsKey() throws {
        let yaml = "services:\n  web:\n    healthcheck:\n      interval: 5x\n"
        let diagnostic = try ModelFixture.decodeError(Project.self, yaml)
        #expect(diagnostic.code == .invalidValue)
        #expect(diagnostic.path == "services.web.healthcheck.interval")
        #expect(diagnostic.message == "unknown unit 'x' in duration '5x'")
        #expect(diagnostic.location.line == 4)
    }

    @Test func missingRequiredKeyNamesTheMapping() throws {
        let yaml = "services:\n  web:\n    depends_on:\n      db: {required: false}\n"
        let diagnostic = try ModelFixture.decodeError(Project.self, yaml)
        #expect(diagnostic.code == .missingKey)
        #expect(diagnostic.path == "services.web.depends_on.db")
        #expect(diagnostic.message == "missing required key 'condition'")
    }

    @Test func scalarWhereAListBelongsIsAWrongType() throws {
        let diagnostic = try ModelFixture.decodeError(Project.self, "services:\n  web:\n    cap_add: ALL\n")
        #expect(diagnostic.code == .wrongType)
        #expect(diagnostic.message == "expected a list, got 'ALL'")
    }

    @Test func listWhereAMappingBelongsIsAWrongType() throws {
        let diagnostic = try ModelFixture.decodeError(Project.self, "services:\n  web:\n    build: [a]\n")
        #expect(diagnostic.message == "expected a mapping, got a list")
        #expect(diagnostic.path == "services.web.build")
    }

    @Test func integerOutOfRangeIsAnInvalidValue() throws {
        let diagnostic = try ModelFixture.decodeError(
            Project.self, "services:\n  web:\n    blkio_config: {weight: 70000}\n")
        #expect(diagnostic.code == .invalidValue)
        #expect(diagnostic.message == "expected an integer between 0 and 65535, got '70000'")
    }

    @Test(
        arguments: [
            ("true", true), ("False", false), ("\"true\"", true), ("\"1\"", true), ("'f'", false), ("TRUE", true),
        ] as [(String, Bool)])
    func booleansAcceptYAMLAndQuotedGoSpellings(text: String, value: Bool) throws {
        let service = try ModelFixture.decode(Service.self, "privileged: \(text)")
        #expect(service.privileged == value)
    }

    @Test(arguments: ["yes", "1", "on", "\"yes\""])
    func otherBooleanSpellingsAreRefused(text: String) throws {
        let diagnostic = try ModelFixture.decodeError(Service.self, "privileged: \(text)")
        #expect(diagnostic.code == .wrongType)
        #expect(diagnostic.message.hasPrefix("expected a boolean"))
    }

    @Test(arguments: [("80", 80), ("\"8080\"", 8080), ("0x50", 80), ("1_000", 1000)] as [(String, UInt32)])
    func integersAcceptGoSyntax(text: String, value: UInt32) throws {
        #expect(try ModelFixture.decode(ServicePort.self, "target: \(text)").target == value)
    }

    @Test func numbersAreReadAsTextWhereTextBelongs() throws {
        let service = try ModelFixture.decode(
            Service.self, "user: 1000\nexpose: [3000, \"8000\"]\nlabels: {n: 42, e: }")
        #expect(service.user == "1000")
        #expect(service.expose == ["3000", "8000"])
        #expect(service.labels == ["n": "42", "e": ""])
    }

    @Test func stringOrListFieldsTakeOneString() throws {
        let service = try ModelFixture.decode(Service.self, "dns: 8.8.8.8\ntmpfs: /run")
        #expect(service.dns == ["8.8.8.8"])
        #expect(service.tmpfs == ["/run"])
    }

    @Test func sshKeysReadFromAListOrAMapping() throws {
        let fromList = try ModelFixture.decode(BuildConfig.self, "ssh: [default, \"key=/id_rsa\"]")
        let fromMapping = try ModelFixture.decode(BuildConfig.self, "ssh: {default: , key: /id_rsa}")
        let expected = [SSHKey(id: "default"), SSHKey(id: "key", path: "/id_rsa")]
        #expect(fromList.ssh == expected)
        #expect(fromMapping.ssh == expected)
    }

    @Test func environmentKeepsUnsetVariablesApartFromEmptyOnes() throws {
        let service = try ModelFixture.decode(Service.self, "environment: {A: , B: \"\"}")
        #expect(service.environment == ["A": nil, "B": ""])
    }

    @Test func extensionFieldsAreCollectedAndOtherUnknownKeysIgnored() throws {
        let service = try ModelFixture.decode(Service.self, "image: a\nx-one: 1\nx-two: {k: v}")
        #expect(service.extensions == ["x-one": .integer(1), "x-two": .mapping(["k": .string("v")])])
    }

    @Test func nullTopLevelObjectsAreEmpty() throws {
        let project = try ModelFixture.project("services: {}\nnetworks:\n  front:\nvolumes:\n  data:\n")
        #expect(project.networks["front"] == NetworkConfig())
        #expect(project.volumes["data"] == VolumeConfig())
    }
}
