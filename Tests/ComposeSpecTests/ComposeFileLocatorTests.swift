import Foundation
import Testing

@testable import ComposeSpec

@Suite struct ComposeFileLocatorTests {
    let service = "services:\n  web:\n    image: busybox\n"

    @Test func findsComposeYamlAndItsOverride() throws {
        try TempProject.with(["compose.yaml": service, "compose.override.yaml": service]) { project in
            let found = try ComposeFileLocator.locate(explicit: [], environment: [:], workingDirectory: project.path())
            #expect(found.files == [project.path("compose.yaml"), project.path("compose.override.yaml")])
            #expect(found.warnings.isEmpty)
        }
    }

    @Test func climbsToParentFolders() throws {
        try TempProject.with(["docker-compose.yml": service, "a/b/keep.txt": ""]) { project in
            let found = try ComposeFileLocator.locate(
                explicit: [], environment: [:], workingDirectory: project.path("a/b"))
            #expect(found.files == [project.path("docker-compose.yml")])
        }
    }

    @Test func prefersComposeYamlAndWarnsWhenSeveralExist() throws {
        try TempProject.with(["compose.yaml": service, "docker-compose.yml": service]) { project in
            let found = try ComposeFileLocator.locate(explicit: [], environment: [:], workingDirectory: project.path())
            #expect(found.files == [project.path("compose.yaml")])
            #expect(found.warnings.count == 1)
        }
    }

    @Test func composeFileVariableListsFiles() throws {
        try TempProject.with(["one.yaml": service, "two.yaml": service]) { project in
            let found = try ComposeFileLocator.locate(
                explicit: [], environment: ["COMPOSE_FILE": "one.yaml:two.yaml"], workingDirectory: project.path())
            #expect(found.files == [project.path("one.yaml"), project.path("two.yaml")])
        }
    }

    @Test func missingExplicitFileIsAnError() throws {
        try TempProject.with([:]) { project in
            #expect(throws: SpecError.self) {
                try ComposeFileLocator.locate(
                    explicit: ["nope.yaml"], environment: [:], workingDirectory: project.path())
            }
        }
    }

    @Test func noComposeFileAnywhereIsAnError() throws {
        try TempProject.with(["empty/keep.txt": ""]) { project in
            let error = #expect(throws: SpecError.self) {
                try ComposeFileLocator.locate(explicit: [], environment: [:], workingDirectory: project.path("empty"))
            }
            #expect(error?.text.contains("no configuration file provided") == true)
        }
    }
}
