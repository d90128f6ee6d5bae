import Foundation
import Testing

/// `berth config` run as a process, as a user runs it.
@Suite struct ConfigCommandTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = repositoryRoot.appendingPathComponent("samples/webapp/compose.yaml").path

    @Test func printsTheNormalisedSample() throws {
        let result = try Berth.run(["config", "-f", Self.sample])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("name: webapp"))
        #expect(result.output.contains("name: webapp_default"))
        #expect(result.output.contains("published: \"8080\""))
    }

    @Test func composeSubcommandIsTheSame() throws {
        let plain = try Berth.run(["config", "-f", Self.sample])
        let compose = try Berth.run(["compose", "config", "-f", Self.sample])
        #expect(plain.output == compose.output)
    }

    /// docker compose takes the project flags before the command: `docker compose -f F -p P config`.
    @Test func projectFlagsBeforeTheCommandWork() throws {
        let plain = try Berth.run(["config", "--services", "-f", Self.sample])
        for arguments in [
            ["-f", Self.sample, "config", "--services"],
            ["compose", "-f", Self.sample, "-p", "other", "config", "--services"],
            ["--file=\(Self.sample)", "--profile", "none", "config", "--services"],
        ] {
            let result = try Berth.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.error)")
            #expect(result.output == plain.output, "\(arguments)")
        }
        let unknown = try Berth.run(["--no-such-flag", "config"])
        #expect(unknown.status != 0)
    }

    @Test func jsonOutputParses() throws {
        let result = try Berth.run(["config", "--format", "json", "-f", Self.sample])
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(object?["name"] as? String == "webapp")
        #expect((object?["services"] as? [String: Any])?.keys.sorted() == ["api", "web", "worker"])
    }

    @Test func listsServicesVolumesAndImages() throws {
        #expect(try Berth.run(["config", "--services", "-f", Self.sample]).output == "api\nweb\nworker\n")
        #expect(try Berth.run(["config", "--volumes", "-f", Self.sample]).output == "ticks\n")
        let images = try Berth.run(["config", "--images", "-f", Self.sample]).output
        #expect(images.split(separator: "\n").allSatisfy { $0 == "berth.local/busybox:latest" })
    }

    @Test func hashesEveryServiceStably() throws {
        let first = try Berth.run(["config", "--hash", "*", "-f", Self.sample]).output
        let second = try Berth.run(["config", "--hash", "*", "-f", Self.sample]).output
        #expect(first == second)
        let rows = first.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(rows.map { String($0[0]) } == ["api", "web", "worker"])
        #expect(rows.allSatisfy { $0.count == 2 && $0[1].count == 64 })
    }

    @Test func variablesTableListsDefaults() throws {
        let output = try Berth.run(["config", "--variables", "-f", Self.sample]).output
        #expect(output.hasPrefix("NAME"))
        #expect(output.contains("WEB_PORT"))
        #expect(output.contains("berth.local/busybox:latest"))
    }

    @Test func badFileExitsNonZeroWithPosition() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("berth-cli-\(UUID().uuidString).yaml")
        try Data("services:\n  web:\n    image: busybox\n    restart: sometimes\n    imag: x\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Berth.run(["config", "-q", "-f", file.path])
        #expect(result.status != 0)
        #expect(result.output.isEmpty)
        #expect(
            result.error.contains("\(file.path):5:5: error: services.web: additional properties 'imag' not allowed"))
    }

    @Test func readsStandardInput() throws {
        let result = try Berth.run(
            ["config", "--services", "-p", "stdin", "-f", "-"], input: "services:\n  one:\n    image: busybox\n")
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "one\n")
    }
}

/// Runs the `berth` executable that `swift build` put beside the test bundle.
enum Berth {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("berth").path),
            folder.path != "/"
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("berth")
    }

    static func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        // Never the default socket: a command that reaches for an engine must not start a daemon.
        process.environment = ProcessInfo.processInfo.environment.merging([
            "BERTH_HOST": "unix:///nonexistent/berth-cli-tests.sock"
        ]) { $1 }
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            error: String(decoding: err, as: UTF8.self))
    }
}

extension ConfigCommandTests {
    @Test func namedServicesLimitTheOutputToThemAndTheirDependencies() throws {
        let result = try Berth.run(["config", "--services", "-f", Self.sample, "api"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "api\nworker\n")
    }
}
