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

/// Semantic checks that need values read as their types.
@Suite struct LoaderSemanticTests {
    func diagnostics(_ yaml: String) throws -> [SpecDiagnostic] {
        try TempProject.with(["compose.yaml": yaml]) { project in
            do {
                _ = try ProjectLoader(options: project.options()).load()
                return []
            } catch let error as SpecError {
                return error.diagnostics
            }
        }
    }

    @Test func reservationAboveLimitIsAConflict() throws {
        let yaml = """
            services:
              web:
                image: busybox
                deploy:
                  resources:
                    limits: {memory: 64M, cpus: "0.5"}
                    reservations: {memory: 1G, cpus: "1"}
            """
        let found = try diagnostics(yaml).filter { $0.code == .conflict }
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.message.hasPrefix("conflicting limits") && $0.location.line == 7 })
    }

    @Test func swapLimitBelowMemoryLimitIsAConflict() throws {
        let yaml = "services:\n  web:\n    image: busybox\n    mem_limit: 1g\n    memswap_limit: 512m\n"
        let found = try diagnostics(yaml)
        #expect(found.map(\.path) == ["services.web.memswap_limit"])
    }

    @Test func badStaticAddressesAndSubnetsAreNamed() throws {
        let yaml = """
            services:
              web:
                image: busybox
                networks:
                  front: {ipv4_address: 10.0.0.300}
            networks:
              front:
                ipam:
                  config:
                    - subnet: 10.0.0.0/33
                      gateway: 10.0.0.1.5
            """
        let paths = try diagnostics(yaml).map(\.path).sorted()
        #expect(
            paths == [
                "networks.front.ipam.config[0].gateway", "networks.front.ipam.config[0].subnet",
                "services.web.networks.front.ipv4_address",
            ])
    }

    @Test func validLimitsAndAddressesPass() throws {
        let yaml = """
            services:
              web:
                image: busybox
                mem_limit: 1g
                memswap_limit: -1
                networks:
                  front: {ipv4_address: 172.28.1.5, ipv6_address: "2001:db8::5"}
            networks:
              front:
                ipam:
                  config:
                    - {subnet: 172.28.0.0/16, gateway: 172.28.0.1, ip_range: 172.28.1.0/24}
            """
        #expect(try diagnostics(yaml).isEmpty)
    }
}

extension LoaderSemanticTests {
    @Test func gatewayOfTheOtherFamilyIsRefused() throws {
        let yaml = """
            services:
              web:
                image: busybox
            networks:
              front:
                ipam:
                  config:
                    - {subnet: 172.28.0.0/16, gateway: "fe80::1"}
            """
        #expect(try diagnostics(yaml).map(\.path) == ["networks.front.ipam.config[0].gateway"])
    }
}
