import Foundation
import Testing

@testable import ComposeSpec

@Suite struct LoaderEnvironmentTests {
    let compose = """
        services:
          web:
            image: "busybox:${TAG:-latest}"
            environment:
              FROM_SHELL:
              FIXED: one
        """

    func load(_ project: TempProject, _ options: (inout LoadOptions) -> Void = { _ in }) throws -> LoadedProject {
        var loadOptions = project.options(environment: ["HOME": "/home/test"])
        options(&loadOptions)
        return try ProjectLoader(options: loadOptions).load()
    }

    @Test func dotEnvValuesCanReferenceEarlierOnes() throws {
        try TempProject.with(["compose.yaml": compose, ".env": "FOO=foo\nBAR=${FOO}\n"]) { project in
            let loaded = try load(project)
            #expect(loaded.environment["FOO"] == "foo")
            #expect(loaded.environment["BAR"] == "foo")
        }
    }

    @Test func shellBeatsDotEnvAlsoInsideDotEnvInterpolation() throws {
        try TempProject.with(["compose.yaml": compose, ".env": "FOO=foo\nBAR=${FOO}\n"]) { project in
            let loaded = try load(project) { $0.environment["FOO"] = "zot" }
            #expect(loaded.environment["FOO"] == "zot")
            #expect(loaded.environment["BAR"] == "zot")
        }
    }

    @Test func laterEnvFileWinsAndDotEnvIsNotReadThen() throws {
        let files = ["compose.yaml": compose, ".env": "TAG=dotenv\n", "a.env": "TAG=a\n", "b.env": "TAG=b\n"]
        try TempProject.with(files) { project in
            let loaded = try load(project) { $0.envFiles = ["a.env", "b.env"] }
            #expect(loaded.project.services["web"]?.image == "busybox:b")
        }
    }

    @Test func disabledEnvFileIsIgnored() throws {
        try TempProject.with(["compose.yaml": compose, ".env": "TAG=dotenv\n"]) { project in
            let loaded = try load(project) { $0.environment["COMPOSE_DISABLE_ENV_FILE"] = "true" }
            #expect(loaded.project.services["web"]?.image == "busybox:latest")
        }
    }

    @Test func bareEnvironmentKeysTakeTheProjectVariable() throws {
        try TempProject.with(["compose.yaml": compose]) { project in
            let loaded = try load(project) { $0.environment["FROM_SHELL"] = "hello" }
            let environment = try #require(loaded.document["services"]?["web"]?["environment"])
            #expect(environment["FROM_SHELL"]?.scalar == "hello")
            #expect(environment["FIXED"]?.scalar == "one")
        }
    }

    @Test func envFilesFeedEnvironmentAndTheServiceWins() throws {
        let file = """
            services:
              web:
                image: busybox
                env_file: [one.env, {path: missing.env, required: false}, two.env]
                environment: {B: service}
            """
        try TempProject.with(["compose.yaml": file, "one.env": "A=1\nB=1\n", "two.env": "A=2\n"]) { project in
            let environment = try #require(try load(project).document["services"]?["web"]?["environment"])
            #expect(environment["A"]?.scalar == "2")
            #expect(environment["B"]?.scalar == "service")
        }
    }

    @Test func missingRequiredEnvFileIsAnErrorAtItsEntry() throws {
        let file = "services:\n  web:\n    image: busybox\n    env_file: nothere.env\n"
        try TempProject.with(["compose.yaml": file]) { project in
            let error = #expect(throws: SpecError.self) { try load(project) }
            let diagnostic = try #require(error?.diagnostics.first)
            #expect(diagnostic.code == .missingFile)
            #expect(diagnostic.message.contains("nothere.env"))
            #expect(diagnostic.location.line == 4)
        }
    }

    @Test func envFilesFromTheCorpusLaterFileWins() throws {
        let folder = Corpus.url("compose-files/compose-go/cli/testdata/env-file").path
        var options = LoadOptions(workingDirectory: folder)
        options.files = ["compose-with-env-files.yaml"]
        options.envFiles = [".env", "override.env"]
        let loaded = try ProjectLoader(options: options).load()
        let service = try #require(loaded.document["services"]?["simple"])
        #expect(service["ports"]?.items?.first?["published"]?.scalar == "9000")
        #expect(service["environment"]?["DEFAULT_PORT"]?.scalar == "9090")
    }
}

extension LoaderEnvironmentTests {
    @Test func unsetVariableIsWarnedAboutOnce() throws {
        let yaml = "services:\n  web:\n    image: \"busybox:$TAG\"\n    environment: {A: $TAG, B: \"${TAG:-x}\"}\n"
        try TempProject.with(["compose.yaml": yaml]) { project in
            let warnings = try load(project).warnings.filter { $0.code == .unsetVariable }
            #expect(warnings.count == 1)
            #expect(warnings.first?.location.line == 3)
        }
    }
}
