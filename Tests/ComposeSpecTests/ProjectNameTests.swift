import Foundation
import Testing

@testable import ComposeSpec

/// The rules of ../shared/corpus/compose-files/compose-go/cli/project-name-cases.tsv.
@Suite struct ProjectNameTests {
    @Test(arguments: ["my_project", "42my_project_num", "a-b_c"])
    func validExplicitNamesAreKept(name: String) throws {
        #expect(try ProjectName.resolve(flag: name, environment: nil, fromFile: nil, projectDirectory: "/x/y") == name)
    }

    @Test(arguments: ["-my_project", "_my_project", "www.my.project", "MY_PROJECT"])
    func invalidExplicitNamesAreErrors(name: String) throws {
        let error = #expect(throws: SpecError.self) {
            try ProjectName.resolve(flag: nil, environment: name, fromFile: nil, projectDirectory: "/x/y")
        }
        #expect(error?.text.contains("invalid project name \"\(name)\"") == true)
    }

    @Test func precedenceIsFlagThenEnvironmentThenFileThenFolder() throws {
        let file = (name: "from_file", location: SourceLocation(file: "c.yaml", line: 1, column: 7))
        #expect(
            try ProjectName.resolve(flag: "flag", environment: "env", fromFile: file, projectDirectory: "/p") == "flag")
        #expect(try ProjectName.resolve(flag: nil, environment: "env", fromFile: file, projectDirectory: "/p") == "env")
        #expect(
            try ProjectName.resolve(flag: "", environment: nil, fromFile: file, projectDirectory: "/p") == "from_file")
        #expect(
            try ProjectName.resolve(flag: "", environment: nil, fromFile: nil, projectDirectory: "/p/proj") == "proj")
    }

    @Test func folderNamesAreNormalised() throws {
        #expect(ProjectName.normalize("UNNORMALIZED PATH") == "unnormalizedpath")
        #expect(ProjectName.normalize("__My.App-1") == "myapp-1")
        let name = try ProjectName.resolve(
            flag: nil, environment: nil, fromFile: nil, projectDirectory: "/x/UNNORMALIZED PATH")
        #expect(name == "unnormalizedpath")
    }

    @Test func rootFolderGivesNoName() throws {
        let error = #expect(throws: SpecError.self) {
            try ProjectName.resolve(flag: nil, environment: nil, fromFile: nil, projectDirectory: "/")
        }
        #expect(error?.text.contains("project name must not be empty") == true)
    }

    @Test func nameInFileIsInterpolatedAndUsed() throws {
        let folder = Corpus.url("compose-files/compose-go/cli/testdata/simple").path
        var options = LoadOptions(workingDirectory: folder, environment: ["TEST": "expected"])
        options.files = ["compose-name.yaml"]
        #expect(try ProjectLoader(options: options).load().project.name == "test-expected-test")
    }

    @Test func nameComesFromDotEnvAndComposeFileFromDotEnv() throws {
        let folder = Corpus.url("compose-files/compose-go/cli/testdata/env-file").path
        let loaded = try ProjectLoader(options: LoadOptions(workingDirectory: folder)).load()
        #expect(loaded.project.name == "my_project_from_dot_env")
        #expect(loaded.configFiles == [folder + "/compose-with-env-file.yaml"])
    }
}
