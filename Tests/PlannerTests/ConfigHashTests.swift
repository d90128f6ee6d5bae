import ComposeSpec
import Foundation
import Testing

@testable import Planner

@Suite struct ConfigHashTests {
    private func service(_ yaml: String) throws -> Service {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-hash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("compose.yaml"))
        // Profile `x` is active so that a service carrying it is loaded.
        let options = LoadOptions(workingDirectory: folder.path, environment: ["COMPOSE_PROFILES": "x"])
        let loaded = try ProjectLoader(options: options).load()
        return try #require(loaded.project.services["web"])
    }

    static let base = """
        services:
          web:
            image: busybox
            environment: {A: "1", B: "2"}
            ports: ["8080:80"]
        """

    @Test func hashIsSixtyFourHexDigitsAndStable() throws {
        let first = try ConfigHash.hash(of: try service(Self.base))
        let second = try ConfigHash.hash(of: try service(Self.base))
        #expect(first == second)
        #expect(first.count == 64 && first.allSatisfy(\.isHexDigit))
    }

    @Test func keyOrderDoesNotMatter() throws {
        let reordered = """
            services:
              web:
                ports: ["8080:80"]
                environment: {B: "2", A: "1"}
                image: busybox
            """
        #expect(try ConfigHash.hash(of: try service(Self.base)) == ConfigHash.hash(of: try service(reordered)))
    }

    @Test func environmentChangeChangesTheHash() throws {
        let changed = Self.base.replacingOccurrences(of: "B: \"2\"", with: "B: \"3\"")
        #expect(try ConfigHash.hash(of: try service(Self.base)) != ConfigHash.hash(of: try service(changed)))
    }

    @Test(arguments: [
        "    scale: 3\n", "    profiles: [x]\n", "    pull_policy: always\n", "    build: .\n",
        "    deploy: {replicas: 2}\n",
    ])
    func fieldsThatMustNotRecreateAreIgnored(extra: String) throws {
        let plain = try ConfigHash.hash(of: try service(Self.base))
        let withExtra = try ConfigHash.hash(of: try service(Self.base + "\n" + extra))
        #expect(plain == withExtra)
    }
}
