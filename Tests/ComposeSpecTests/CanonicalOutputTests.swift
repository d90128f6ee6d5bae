import Testing

@testable import ComposeSpec

/// What `berth config` leaves out, keeps and quotes, following compose-go's output.
struct CanonicalOutputTests {
    @Test func absentCommandIsLeftOutOfYAMLAndNullInJSON() throws {
        let project = try ModelFixture.project("services:\n  web:\n    image: alpine\n")
        #expect(try project.canonicalYAML() == "services:\n  web:\n    image: alpine\n")
        let json = try project.canonicalJSON()
        #expect(json.contains("\"command\": null,\n      \"entrypoint\": null,\n      \"image\": \"alpine\""))
    }

    @Test func emptyCommandIsKeptAsAnEmptyList() throws {
        let project = try ModelFixture.project("services:\n  web:\n    command: []\n    entrypoint: ''\n")
        #expect(try project.canonicalYAML() == "services:\n  web:\n    command: []\n    entrypoint: []\n")
    }

    @Test func zeroValuesOfPointerFieldsAreKept() throws {
        let yaml = "services:\n  web:\n    init: false\n    scale: 0\n    privileged: false\n    cpus: 0\n"
        let output = try ModelFixture.project(yaml).canonicalYAML()
        #expect(output == "services:\n  web:\n    init: false\n    scale: 0\n")
    }

    @Test func networkWithoutIPAMHasAnEmptyIPAMInJSONOnly() throws {
        let project = try ModelFixture.project("services: {}\nnetworks:\n  front:\n    driver: bridge\n")
        #expect(try project.canonicalYAML() == "services: {}\nnetworks:\n  front:\n    driver: bridge\n")
        #expect(try project.canonicalJSON().contains("\"driver\": \"bridge\",\n      \"ipam\": {}"))
    }

    @Test func deployWithoutResourcesHasEmptyResourcesAndPlacementInJSON() throws {
        let project = try ModelFixture.project("services:\n  web:\n    deploy:\n      replicas: 2\n")
        #expect(try project.canonicalYAML() == "services:\n  web:\n    deploy:\n      replicas: 2\n")
        let json = try project.canonicalJSON()
        #expect(json.contains("\"replicas\": 2,\n        \"resources\": {},\n        \"placement\": {}"))
    }

    @Test func optOutFlagsAreWrittenOnlyWhenFalse() throws {
        let yaml = """
            services:
              web:
                env_file:
                  - {path: a.env, required: true}
                  - {path: b.env, required: false}
                volumes:
                  - {type: bind, source: /a, target: /a, bind: {create_host_path: true}}
                  - {type: bind, source: /b, target: /b, bind: {create_host_path: false}}
            """
        let output = try ModelFixture.project(yaml).canonicalYAML()
        #expect(output.contains("- path: a.env\n      - path: b.env\n        required: false\n"))
        #expect(output.contains("target: /a\n        bind: {}\n"))
        #expect(output.contains("target: /b\n        bind:\n          create_host_path: false\n"))
    }

    @Test func secretContentIsNeverWrittenAndConfigContentOnlyWithoutEnvironment() throws {
        let yaml = """
            services: {}
            secrets:
              s: {content: hidden}
            configs:
              inline: {content: shown}
              fromEnv: {environment: VAR, content: resolved}
            """
        let output = try ModelFixture.project(yaml).canonicalYAML()
        #expect(!output.contains("hidden"))
        #expect(output.contains("content: shown"))
        #expect(!output.contains("resolved"))
    }

    @Test func ulimitsKeepTheirFormInBothFormats() throws {
        let yaml = "services:\n  web:\n    ulimits:\n      nproc: 10\n      nofile: {soft: 0, hard: 5}\n"
        let project = try ModelFixture.project(yaml)
        #expect(try project.canonicalYAML().contains("nofile:\n        soft: 0\n        hard: 5\n      nproc: 10\n"))
        #expect(
            try project.canonicalJSON().contains(
                "\"nofile\": {\n          \"hard\": 5\n        },\n        \"nproc\": 10"))
    }

    @Test func blkioDevicesUseGoFieldNamesInJSON() throws {
        let yaml = "services:\n  web:\n    blkio_config:\n      weight_device: [{path: /dev/sda, weight: 100}]\n"
        let project = try ModelFixture.project(yaml)
        #expect(try project.canonicalYAML().contains("- path: /dev/sda\n          weight: 100\n"))
        #expect(try project.canonicalJSON().contains("\"Path\": \"/dev/sda\",\n            \"Weight\": 100"))
    }

    @Test func dictionaryKeysSortNaturallyInYAMLAndByBytesInJSON() throws {
        let project = try ModelFixture.project("services:\n  web:\n    labels: {a10: x, a9: x, aZ: x, a_: x}\n")
        #expect(try project.canonicalYAML().contains("a_: x\n      a9: x\n      a10: x\n      aZ: x\n"))
        #expect(
            try project.canonicalJSON().contains(
                "\"a10\": \"x\",\n        \"a9\": \"x\",\n        \"aZ\": \"x\",\n        \"a_\": \"x\""))
    }

    @Test(
        arguments: [
            ("plain", "plain"), ("3000", "\"3000\""), ("yes", "\"yes\""), ("true", "\"true\""), ("", "\"\""),
            ("a: b", "'a: b'"), ("- x", "'- x'"), ("#x", "'#x'"), ("a #b", "'a #b'"), ("22:22", "\"22:22\""),
            ("02:42:ac:11:65:43", "02:42:ac:11:65:43"), ("::1", "::1"), ("it's", "it's"), ("'q'", "'''q'''"),
            ("1.5", "\"1.5\""), ("0x1F", "\"0x1F\""), ("2001-12-14", "\"2001-12-14\""), ("tab\there", "\"tab\\there\""),
            ("trailing ", "'trailing '"), ("null", "\"null\""), ("~", "\"~\""), ("<<", "\"<<\""), ("*ref", "'*ref'"),
            ("a:b", "a:b"), ("x: ", "'x: '"), ("1_000", "\"1_000\""), ("1e3", "\"1e3\""), ("-", "'-'"),
        ] as [(String, String)])
    func yamlStringsAreQuotedAsGoYAMLQuotesThem(text: String, written: String) {
        #expect(CanonicalYAMLWriter.scalarText(text) == written)
    }

    @Test(
        arguments: [
            (0.001, true, "0.001", "0.001"), (0.3, true, "0.3", "0.3"), (2, true, "2", "2"),
            (0.00001, false, "1e-05", "0.00001"), (1e-7, false, "1e-07", "1e-7"),
            (1_000_000, false, "1e+06", "1000000"),
            (123456, false, "123456", "123456"), (-1.5, false, "-1.5", "-1.5"), (1e21, false, "1e+21", "1e+21"),
            (0, false, "0", "0"),
        ] as [(Double, Bool, String, String)])
    func floatsPrintAsGoPrintsThem(value: Double, isSingle: Bool, yaml: String, json: String) {
        #expect(GoFloat.yamlText(value, isSingle: isSingle) == yaml)
        #expect(GoFloat.jsonText(value, isSingle: isSingle) == json)
    }

    @Test func multiLineTextIsALiteralBlock() throws {
        let project = try ModelFixture.project(
            "services:\n  web:\n    labels:\n      a: \"x\\ny\"\n      b: \"x\\n\\n\"\n")
        let output = try project.canonicalYAML()
        #expect(output.contains("a: |-\n        x\n        y\n      b: |+\n        x\n\n"))
    }

    @Test func jsonEscapesAsGoDoes() {
        #expect(
            CanonicalJSONWriter.quoted("a<b>&\"\\\n\u{1}\u{2028}")
                == "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\\u2028\"")
    }
}
