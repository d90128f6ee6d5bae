import Foundation
import Testing

@testable import ComposeSpec

/// compose-go's full example, loaded end to end (discovery aside): every attribute in its short and long
/// forms, env files, label files, extensions. The output must equal compose-go's expected canonical form.
@Suite struct FullExampleTests {
    static let folder = Corpus.url("compose-files/compose-go/loader/full-example").path

    /// As upstream's test loaded it: its environment, without normalisation or consistency checks
    /// (the example sets network_mode and networks together on purpose).
    private func load() throws -> LoadedProject {
        let environment = ["HOME": "/HOME", "BAR": "this is a secret", "QUX": "qux_from_environment"]
        var options = LoadOptions(workingDirectory: Self.folder, environment: environment)
        options.files = ["full-example.yml"]
        options.normalize = false
        options.checkConsistency = false
        return try ProjectLoader(options: options).load()
    }

    private func expected(_ name: String) throws -> String {
        try Corpus.text("compose-files/compose-go/loader/full-example/\(name)")
    }

    @Test func yamlOutputMatchesComposeGo() throws {
        let output = try load().project.canonicalYAML().replacingOccurrences(of: Self.folder, with: "/WORKDIR")
        #expect(output == (try expected("full-example.expected.yaml")))
    }

    @Test func jsonOutputMatchesComposeGo() throws {
        let output = try load().project.canonicalJSON().replacingOccurrences(of: Self.folder, with: "/WORKDIR")
        #expect(output == (try expected("full-example.expected.json")))
    }

    @Test func deprecatedExternalNamesAreWarnedAbout() throws {
        let warnings = try load().warnings.filter { $0.code == .deprecated }
        #expect(warnings.count == 4)
        #expect(warnings.allSatisfy { $0.location.line > 0 && $0.severity == .warning })
    }
}
