import Foundation
import Testing

@testable import ComposeSpec

/// The shared corpus: every real-world file loads, every fixture that compose-go loads loads here, and
/// every input compose-go refuses is refused with an error of the same meaning and a position.
@Suite struct CorpusProjectTests {
    static let awesomeCompose: [String] = {
        let root = Corpus.url("compose-files/awesome-compose")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix("LICENSE") }.sorted()
    }()

    @Test func corpusIsPresent() {
        #expect(Self.awesomeCompose.count >= 39, "../shared/corpus is missing (set BERTH_CORPUS)")
    }

    @Test(arguments: awesomeCompose)
    func realWorldFileLoads(sample: String) throws {
        let folder = Corpus.url("compose-files/awesome-compose/\(sample)").path
        let options = LoadOptions(workingDirectory: folder, environment: ["HOME": "/root"])
        let loaded = try ProjectLoader(options: options).load()
        let services = loaded.document["services"]?.entries ?? []
        #expect(!services.isEmpty)
        #expect(loaded.project.name == ProjectName.normalize(sample))
    }

    struct Fixture: Sendable, CustomTestStringConvertible {
        var files: [String]
        var environment: [String: String] = [:]
        var envFiles: [String] = []
        var consistency = true
        /// `--project-directory`, relative to compose-files/compose-go.
        var projectDirectory: String?
        var testDescription: String { files.joined(separator: " + ") }
    }

    static let validFixtures: [Fixture] = [
        Fixture(files: ["cli/testdata/UNNORMALIZED PATH/compose.yaml"]),
        Fixture(files: ["cli/testdata/env-file/compose-with-env-file.yaml"]),
        Fixture(files: ["cli/testdata/env-file/compose-with-env-files.yaml"], envFiles: [".env", "override.env"]),
        Fixture(files: ["cli/testdata/simple/compose-name.yaml"], environment: ["TEST": "expected"]),
        Fixture(files: ["cli/testdata/simple/compose.yaml", "cli/testdata/simple/compose-with-overrides.yaml"]),
        Fixture(files: ["cli/testdata/simple/compose-with-paths.yaml"]),
        Fixture(files: ["cli/testdata/simple/compose-with-variables.yaml"]),
        Fixture(files: ["cli/testdata/simple/compose.yaml"]),
        Fixture(files: ["loader/testdata/combined/compose.yaml"]),
        Fixture(files: ["loader/testdata/combined/dir/extended.yaml"]),
        Fixture(files: ["loader/testdata/combined/dir/included.yaml"]),
        Fixture(files: ["loader/testdata/compose-include.yaml"]),
        Fixture(files: ["loader/testdata/compose-test-extends-with-context-url-imported.yaml"]),
        Fixture(files: ["loader/testdata/compose-test-extends-with-context-url.yaml"]),
        Fixture(files: ["loader/testdata/compose-test-extends.yaml"]),
        Fixture(files: ["loader/testdata/compose-test-with-version.yaml"]),
        // base.yaml has a service with a null body that only exists to be extended: it has no image.
        Fixture(files: ["loader/testdata/extends/base.yaml"], consistency: false),
        Fixture(files: ["loader/testdata/extends/depends_on.yaml"]),
        Fixture(files: ["loader/testdata/extends/interpolated.yaml"]),
        Fixture(files: ["loader/testdata/extends/nested.yaml"]),
        Fixture(files: ["loader/testdata/extends/ports.yaml"]),
        Fixture(files: ["loader/testdata/extends/reset.yaml"]),
        Fixture(files: ["loader/testdata/extends/sibling.yaml"]),
        Fixture(files: ["loader/testdata/extends/withdir/compose.yaml"]),
        Fixture(files: ["loader/testdata/extends/withdir/dir/base.yaml"]),
        Fixture(files: ["loader/testdata/extends/withdir/dir/compose.yaml"]),
        Fixture(files: ["loader/testdata/include/compose.yaml"]),
        // Meant to be included with project_directory ../subdir (include/project-directory.yaml).
        Fixture(files: ["loader/testdata/include/dir/compose.yaml"], projectDirectory: "loader/testdata/subdir"),
        Fixture(files: ["loader/testdata/include/included.yaml"]),
        Fixture(files: ["loader/testdata/include/project-directory.yaml"]),
        Fixture(files: ["loader/testdata/remote/compose.yaml"]),
        Fixture(files: ["loader/testdata/remote/nested/compose-nested.yaml"]),
        // Not here: remote/nested/compose.yaml and remote/cycle/*, which need compose-go's test-only
        // "remote:" resource loader; berth loads local files only.
        Fixture(files: ["loader/testdata/subdir/compose-test-extends-imported.yaml"]),
    ]

    @Test(arguments: validFixtures)
    func validFixtureLoads(_ fixture: Fixture) throws {
        let paths = fixture.files.map { Corpus.url("compose-files/compose-go/\($0)").path }
        var options = LoadOptions(
            workingDirectory: PathResolver.directory(of: paths[0]),
            environment: fixture.environment.merging(["HOME": "/root"]) { a, _ in a })
        options.files = paths
        options.envFiles = fixture.envFiles
        options.checkConsistency = fixture.consistency
        options.projectDirectory = fixture.projectDirectory.map { Corpus.url("compose-files/compose-go/\($0)").path }
        _ = try ProjectLoader(options: options).load()
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        var file: String
        /// Phrases of compose-go's expected error (MANIFEST.tsv) that berth's message must carry too.
        var phrases: [String]
        /// Whether the error can point at a line (file-level errors cannot).
        var positioned = true
        var testDescription: String { file }
    }

    static let invalidInputs: [Invalid] = [
        Invalid(file: "consistency-authored/c01-undefined-named-volume.yaml", phrases: ["undefined volume myVolume"]),
        Invalid(file: "consistency-authored/c02-no-build-no-image.yaml", phrases: ["neither an image nor a build"]),
        Invalid(file: "consistency-authored/c03-network-mode-unknown-service.yaml", phrases: ["nonexistentservice"]),
        Invalid(file: "consistency-authored/c04-network-mode-and-networks.yaml", phrases: ["mutually exclusive"]),
        Invalid(file: "consistency-authored/c05-secret-without-source.yaml", phrases: ["secret \"foo\" must declare"]),
        Invalid(file: "consistency-authored/c06-service-undefined-secret.yaml", phrases: ["undefined secret foo"]),
        Invalid(
            file: "consistency-authored/c07-depends-on-undefined-service.yaml",
            phrases: ["depends on undefined service"]),
        Invalid(
            file: "consistency-authored/c08-duplicate-container-name.yaml", phrases: ["container name \"mycontainer\""]),
        Invalid(file: "consistency-authored/c09-watch-sync-missing-target.yaml", phrases: ["target is required"]),
        Invalid(file: "consistency-authored/c10-mount-conflict-tmpfs-volume.yaml", phrases: ["already mounted"]),
        Invalid(file: "consistency-authored/c11-negative-scale.yaml", phrases: ["greater than or equal to 0"]),
        Invalid(file: "consistency-authored/c12-negative-replicas.yaml", phrases: ["greater than or equal to 0"]),
        Invalid(
            file: "consistency-authored/c13-depends-on-optional-undefined.yaml",
            phrases: ["depends on undefined service"]),
        Invalid(file: "inline-extends-servref-depends_on.yaml", phrases: ["depends on undefined service \"zot\""]),
        Invalid(file: "inline-extends-servref-shared_ipc.yaml", phrases: ["depends on undefined service \"zot\""]),
        Invalid(
            file: "inline-extends-servref-shared_network_mode.yaml", phrases: ["depends on undefined service \"zot\""]),
        Invalid(file: "inline-extends-servref-volumes_from.yaml", phrases: ["depends on undefined service \"zot\""]),
        Invalid(
            file: "inline-invalid/01-TestInvalidTopLevelObjectType.yaml",
            phrases: ["top-level object must be a mapping"]),
        Invalid(
            file: "inline-invalid/02-TestInvalidTopLevelObjectType-2.yaml",
            phrases: ["top-level object must be a mapping"]),
        Invalid(
            file: "inline-invalid/03-TestInvalidTopLevelObjectType-3.yaml",
            phrases: ["top-level object must be a mapping"]),
        Invalid(file: "inline-invalid/04-TestNonStringKeys.yaml", phrases: ["non-string key at top level: 123"]),
        Invalid(file: "inline-invalid/05-TestNonStringKeys-2.yaml", phrases: ["non-string key in services: 123"]),
        Invalid(
            file: "inline-invalid/06-TestNonStringKeys-3.yaml",
            phrases: ["non-string key in networks.default.ipam.config[0]: 123"]),
        Invalid(
            file: "inline-invalid/07-TestNonStringKeys-4.yaml",
            phrases: ["non-string key in services.dict-env.environment: 1"]),
        Invalid(file: "inline-invalid/08-TestNonMappingObject.yaml", phrases: ["services", "mapping"]),
        Invalid(file: "inline-invalid/09-TestNonMappingObject-2.yaml", phrases: ["services.foo", "mapping"]),
        Invalid(file: "inline-invalid/10-TestNonMappingObject-3.yaml", phrases: ["networks", "mapping"]),
        Invalid(file: "inline-invalid/11-TestNonMappingObject-4.yaml", phrases: ["networks.default", "mapping"]),
        Invalid(file: "inline-invalid/12-TestNonMappingObject-5.yaml", phrases: ["volumes", "mapping"]),
        Invalid(file: "inline-invalid/13-TestNonMappingObject-6.yaml", phrases: ["volumes.data", "mapping"]),
        Invalid(file: "inline-invalid/14-TestNonStringImage.yaml", phrases: ["services.foo.image", "string"]),
        Invalid(
            file: "inline-invalid/15-TestInvalidEnvironmentValue.yaml", phrases: ["services.dict-env.environment.FOO"]),
        Invalid(
            file: "inline-invalid/16-TestInvalidEnvironmentObject.yaml", phrases: ["services.dict-env.environment"]),
        Invalid(file: "inline-invalid/17-TestDecodeErrors.yaml", phrases: ["tab character"]),
        Invalid(file: "inline-invalid/18-TestInvalidResource.yaml", phrases: ["'impossible' not allowed"]),
        Invalid(
            file: "inline-invalid/19-TestInvalidExternalAndDriverCombination.yaml",
            phrases: ["\"external\" and \"driver\""]),
        Invalid(
            file: "inline-invalid/20-TestInvalidExternalAndDirverOptsCombination.yaml",
            phrases: ["\"external\" and \"driver_opts\""]),
        Invalid(
            file: "inline-invalid/21-TestInvalidExternalAndLabelsCombination.yaml",
            phrases: ["\"external\" and \"labels\""]),
        Invalid(
            file: "inline-invalid/22-TestLoadVolumeInvalidExternalNameAndNameCombination.yaml",
            phrases: ["name and external.name conflict"]),
        Invalid(
            file: "inline-invalid/23-TestLoadTmpfsVolumeAdditionalPropertyNotAllowed.yaml",
            phrases: ["'foo' not allowed"]),
        Invalid(file: "inline-invalid/24-TestLoadBindMountSourceMustNotBeEmpty.yaml", phrases: ["must not be empty"]),
        Invalid(
            file: "inline-invalid/25-TestLoadTmpfsVolumeSizeMustBeGTEQZero.yaml",
            phrases: ["greater than or equal to 0"]),
        Invalid(file: "inline-invalid/26-TestLoadTmpfsVolumeSizeMustBeInteger.yaml", phrases: ["size"]),
        Invalid(
            file: "inline-invalid/27-TestLoadSecretInvalidExternalNameAndNameCombination.yaml",
            phrases: ["name and external.name conflict"]),
        Invalid(
            file: "inline-invalid/28-TestLoadNetworkInvalidExternalNameAndNameCombination.yaml",
            phrases: ["name and external.name conflict"]),
        Invalid(
            file: "inline-invalid/29-TestServiceDeviceRequestCountInvalidStringType.yaml", phrases: ["some_string"]),
        Invalid(
            file: "inline-invalid/30-TestServiceDeviceRequestCountAndDeviceIdsExclusive.yaml", phrases: ["exclusive"]),
        Invalid(
            file: "inline-invalid/31-TestServiceDeviceRequestCapabilitiesMandatory.yaml",
            phrases: ["missing property 'capabilities'"]),
        Invalid(
            file: "inline-invalid/32-TestLoadSSHWithoutValueInBuildConfig.yaml", phrases: ["services.test.build.ssh"]),
        Invalid(file: "inline-invalid/33-TestInvalidProjectNameType.yaml", phrases: ["name: must be a string"]),
        // Not here: 34-TestLoadWithResourcesCycle, whose cycle goes through compose-go's test-only "remote:"
        // loader. berth's own extends/include cycles are tested in LoaderCompositionTests.
        Invalid(file: "inline-invalid/35-TestBadDevelopConfig.yaml", phrases: ["missing property 'action'"]),
        Invalid(
            file: "inline-invalid/36-TestBadServiceConfig.yaml",
            phrases: ["mutually exclusive `network_mode` and `networks`"]),
        Invalid(
            file: "inline-invalid/37-TestLoadEmptyContent_MissingProject.yaml",
            phrases: ["project name must not be empty"], positioned: false),
        Invalid(file: "inline-invalid/38-TestV1Unsupported.yaml", phrases: ["not allowed"]),
        Invalid(file: "testdata/compose-depends-on-cycle.yaml", phrases: ["dependency cycle detected"]),
        Invalid(file: "testdata/compose-depends-on-profile-no-cycle.yaml", phrases: ["dependency cycle detected"]),
        Invalid(
            file: "testdata/compose-depends-on-self.yaml", phrases: ["dependency cycle detected: service1 -> service1"]),
        Invalid(file: "testdata/compose-include-cycle.yaml", phrases: ["include cycle"]),
        Invalid(file: "testdata/empty.yaml", phrases: ["empty compose file"], positioned: false),
    ]

    @Test(arguments: invalidInputs)
    func invalidInputIsRefusedWithMeaningAndPosition(_ invalid: Invalid) throws {
        let path = Corpus.url("compose-files/compose-go/loader/\(invalid.file)").path
        // inline-extends-servref-* are meant to be loaded from compose-go/loader (they extend testdata/...).
        var options = LoadOptions(
            workingDirectory: Corpus.url("compose-files/compose-go/loader").path, environment: ["HOME": "/root"])
        options.files = [path]
        if invalid.file.hasPrefix("inline-invalid/37") {
            options.projectDirectory = "/"
        }
        let error = #expect(throws: SpecError.self) { try ProjectLoader(options: options).load() }
        let text = error?.text ?? ""
        for phrase in invalid.phrases {
            #expect(text.contains(phrase), "\(text)")
        }
        if invalid.positioned {
            #expect(error?.diagnostics.contains { $0.location.line > 0 } == true, "\(text)")
        }
    }
}
