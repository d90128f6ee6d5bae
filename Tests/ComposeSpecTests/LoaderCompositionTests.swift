import Foundation
import Testing

@testable import ComposeSpec

/// Several files, documents, includes, extends and profiles coming together.
@Suite struct LoaderCompositionTests {
    private func load(_ project: TempProject, files: [String] = [], _ change: (inout LoadOptions) -> Void = { _ in })
        throws -> LoadedProject
    {
        var options = project.options(files: files, environment: ["HOME": "/home/test"])
        change(&options)
        return try ProjectLoader(options: options).load()
    }

    @Test func overrideFileMergesOverTheFirst() throws {
        let base = "services:\n  web:\n    image: busybox\n    ports: ['8080:80']\n    environment: {A: a}\n"
        let override = "services:\n  web:\n    image: nginx\n    ports: ['9090:90']\n    environment: {B: b}\n"
        try TempProject.with(["compose.yaml": base, "compose.override.yaml": override]) { project in
            let web = try #require(try load(project).document["services"]?["web"])
            #expect(web["image"]?.scalar == "nginx")
            #expect(web["ports"]?.items?.count == 2)
            #expect(web["environment"]?["A"]?.scalar == "a")
            #expect(web["environment"]?["B"]?.scalar == "b")
        }
    }

    @Test func documentsOfOneFileAreMergedInOrder() throws {
        let text = "services:\n  web:\n    image: one\n---\nservices:\n  web:\n    image: two\n"
        try TempProject.with(["compose.yaml": text]) { project in
            let loaded = try load(project)
            #expect(loaded.document["services"]?["web"]?["image"]?.scalar == "two")
        }
    }

    @Test func standardInputIsAComposeFile() throws {
        try TempProject.with([:]) { project in
            let loaded = try load(project, files: ["-"]) {
                $0.standardInput = "services:\n  web:\n    image: busybox\n"
            }
            #expect(loaded.project.name == ProjectName.normalize(project.root.lastPathComponent))
            #expect(loaded.document["services"]?["web"]?["image"]?.scalar == "busybox")
        }
    }

    @Test func resetTagRemovesAnInheritedValue() throws {
        let base = "services:\n  web:\n    image: busybox\n    command: [sleep, '1']\n"
        let override = "services:\n  web:\n    command: !reset null\n"
        try TempProject.with(["a.yaml": base, "b.yaml": override]) { project in
            let web = try #require(try load(project, files: ["a.yaml", "b.yaml"]).document["services"]?["web"])
            #expect(web["command"] == nil)
        }
    }

    @Test func extendsFromAnotherFileResolvesItsPathsThere() throws {
        let main = "services:\n  web:\n    extends: {file: lib/base.yaml, service: base}\n    environment: {B: main}\n"
        let base = "services:\n  base:\n    image: busybox\n    env_file: base.env\n    volumes: ['./data:/data']\n"
        try TempProject.with(["compose.yaml": main, "lib/base.yaml": base, "lib/base.env": "A=base\n"]) { project in
            let web = try #require(try load(project).document["services"]?["web"])
            #expect(web["image"]?.scalar == "busybox")
            #expect(web["environment"]?["A"]?.scalar == "base")
            #expect(web["environment"]?["B"]?.scalar == "main")
            #expect(web["volumes"]?.items?.first?["source"]?.scalar == project.path("lib/data"))
            #expect(web["extends"] == nil)
        }
    }

    @Test func extendsCycleIsAnError() throws {
        let text = """
            services:
              a:
                image: busybox
                extends: b
              b:
                image: busybox
                extends: a
            """
        try TempProject.with(["compose.yaml": text]) { project in
            let error = #expect(throws: SpecError.self) { try load(project) }
            #expect(error?.diagnostics.first?.code == .cycle)
        }
    }

    @Test func includeBringsResourcesWithTheirOwnFolderAndEnvironment() throws {
        let main = "include:\n  - lib/compose.yaml\nservices:\n  web:\n    image: busybox\n    depends_on: [db]\n"
        let lib = "services:\n  db:\n    image: 'postgres:${PG}'\n    volumes: ['./init:/init']\n"
        try TempProject.with(["compose.yaml": main, "lib/compose.yaml": lib, "lib/.env": "PG=16\n"]) { project in
            let db = try #require(try load(project).document["services"]?["db"])
            #expect(db["image"]?.scalar == "postgres:16")
            #expect(db["volumes"]?.items?.first?["source"]?.scalar == project.path("lib/init"))
        }
    }

    @Test func includeCycleIsAnError() throws {
        let one = "include: [two.yaml]\nservices:\n  a:\n    image: busybox\n"
        let two = "include: [compose.yaml]\nservices:\n  b:\n    image: busybox\n"
        try TempProject.with(["compose.yaml": one, "two.yaml": two]) { project in
            let error = #expect(throws: SpecError.self) { try load(project) }
            #expect(error?.diagnostics.first?.code == .cycle)
            #expect(error?.text.contains("include cycle") == true)
        }
    }

    @Test func includedServiceThatClashesIsAnError() throws {
        let main = "include: [lib.yaml]\nservices:\n  db:\n    image: mysql\n"
        let lib = "services:\n  db:\n    image: postgres\n"
        try TempProject.with(["compose.yaml": main, "lib.yaml": lib]) { project in
            let error = #expect(throws: SpecError.self) { try load(project) }
            #expect(error?.diagnostics.first?.code == .conflict)
        }
    }

    static let profiled = """
        services:
          web:
            image: busybox
          debug:
            image: busybox
            profiles: [debug]
            depends_on: [tools]
          tools:
            image: busybox
            profiles: [tools]
        """

    @Test func servicesWithProfilesAreOffUntilAsked() throws {
        try TempProject.with(["compose.yaml": Self.profiled]) { project in
            let names = try load(project).document["services"]?.entries?.map(\.key)
            #expect(names == ["web"])
        }
    }

    @Test func composeProfilesVariableEnablesThem() throws {
        try TempProject.with(["compose.yaml": Self.profiled]) { project in
            let loaded = try load(project) { $0.environment["COMPOSE_PROFILES"] = "debug,tools" }
            #expect(loaded.document["services"]?.entries?.map(\.key).sorted() == ["debug", "tools", "web"])
        }
    }

    @Test func dependencyOnADisabledServiceIsAnError() throws {
        try TempProject.with(["compose.yaml": Self.profiled]) { project in
            let error = #expect(throws: SpecError.self) { try load(project) { $0.profiles = ["debug"] } }
            #expect(error?.text.contains("disabled by its profiles") == true)
        }
    }

    @Test func namingAServiceEnablesItAndItsDependencies() throws {
        try TempProject.with(["compose.yaml": Self.profiled]) { project in
            let loaded = try load(project) { $0.selectedServices = ["debug"] }
            #expect(loaded.document["services"]?.entries?.map(\.key).sorted() == ["debug", "tools", "web"])
        }
    }
}
