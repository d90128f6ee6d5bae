import Foundation
import Testing

/// cp, configs and secrets, network recreation, run's stdin and --progress, on real containers of a
/// daemon of the test's own. Each test says which Docker Compose behaviour it checks.
@Suite("End to end: cp, configs and secrets, network recreation, run stdin, progress", .privileged, .serialized)
struct ComposeFilesEndToEndTests {
    typealias Project = ComposeCommandsEndToEndTests.Project

    static let replicas = """
        services:
          app:
            image: berth.local/busybox
            command: ["sleep", "300"]
            deploy: {replicas: 2}
        """

    @Test("cp copies into every replica and out of the first, with docker cp's placement rules")
    func copy() throws {
        let project = try Project(Self.replicas)
        defer { project.close() }
        #expect(try project.berth(["up", "-d"]).status == 0)
        let local = project.folder + "/local"
        try FileManager.default.createDirectory(atPath: local + "/tree/sub", withIntermediateDirectories: true)
        try "one\n".write(toFile: local + "/one.txt", atomically: true, encoding: .utf8)
        try "deep\n".write(toFile: local + "/tree/sub/deep.txt", atomically: true, encoding: .utf8)

        // docker compose cp SRC SERVICE:DEST copies to all the service's containers.
        #expect(try project.berth(["cp", local + "/one.txt", "app:/tmp/"]).status == 0)
        for index in ["1", "2"] {
            let cat = try project.berth(["exec", "-T", "--index", index, "app", "cat", "/tmp/one.txt"])
            #expect(cat.output == "one\n", "replica \(index): \(cat.error)")
        }
        // A missing destination takes the source's place under that name.
        #expect(try project.berth(["cp", local + "/tree", "app:/tmp/renamed"]).status == 0)
        let find = try project.berth(["exec", "-T", "app", "find", "/tmp/renamed"])
        #expect(
            find.output.split(separator: "\n").sorted() == [
                "/tmp/renamed", "/tmp/renamed/sub", "/tmp/renamed/sub/deep.txt",
            ])

        // Out of the service: into an existing folder the source keeps its name; `/.` copies the content.
        let out = project.folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        #expect(try project.berth(["cp", "app:/tmp/renamed", out]).status == 0)
        #expect(try String(contentsOfFile: out + "/renamed/sub/deep.txt", encoding: .utf8) == "deep\n")
        #expect(try project.berth(["cp", "app:/tmp/renamed/.", out + "/content"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/content/sub/deep.txt"))
        #expect(try project.berth(["cp", "app:/tmp/one.txt", out + "/copy.txt"]).status == 0)
        #expect(try String(contentsOfFile: out + "/copy.txt", encoding: .utf8) == "one\n")

        // `-` is a tar on standard output.
        let tar = try project.berth(["cp", "app:/tmp/one.txt", "-"])
        #expect(tar.status == 0 && tar.output.contains("one.txt") && tar.output.contains("one\n"))

        // Errors name the path and change nothing.
        let missing = try project.berth(["cp", "app:/no/such/file", out])
        #expect(missing.status != 0 && missing.error.contains("/no/such/file"), "\(missing.error)")
        let folderOnFile = try project.berth(["cp", "app:/tmp/renamed", out + "/copy.txt"])
        #expect(folderOnFile.status != 0 && folderOnFile.error.contains("cannot copy a folder"))
        #expect(try String(contentsOfFile: out + "/copy.txt", encoding: .utf8) == "one\n")
        let both = try project.berth(["cp", local + "/one.txt", out])
        #expect(both.status != 0 && both.error.contains("SERVICE:PATH"))
    }

    static let files = """
        services:
          app:
            image: berth.local/busybox
            command: ["sleep", "300"]
            user: "1000:1000"
            secrets:
              - plain
              - {source: owned, target: owned-secret, uid: "1000", gid: "2000", mode: 0400}
              - fromenv
            configs:
              - {source: inline, target: /etc/app/app.conf}
        secrets:
          plain: {file: ./secret.txt}
          owned: {file: ./secret.txt}
          fromenv: {environment: APP_TOKEN}
        configs:
          inline:
            content: "level=INLINE"
        """

    /// docker/compose mounts file secrets read-only and ignores uid/gid/mode there, copies inline and
    /// environment content in; berth also honours uid/gid/mode by copying.
    @Test("configs and secrets: file binds read-only, content and environment copied, uid/gid/mode honoured")
    func configsAndSecrets() throws {
        let project = try Project(Self.files)
        defer { project.close() }
        try "s3cret".write(toFile: project.folder + "/secret.txt", atomically: true, encoding: .utf8)
        let environment = ["APP_TOKEN": "tok-1"]
        let up = try project.berth(["up", "-d"], environment: environment)
        #expect(up.status == 0, "\(up.error)\n\(project.daemon.log)")
        let script =
            "stat -c '%n %u %g %a' /run/secrets/* /etc/app/app.conf; cat /run/secrets/fromenv /etc/app/app.conf"
        let listing = try project.berth(["exec", "-T", "-u", "0", "app", "sh", "-c", script])
        #expect(
            listing.output == """
                /run/secrets/fromenv 0 0 444
                /run/secrets/owned-secret 1000 2000 400
                /run/secrets/plain 0 0 644
                /etc/app/app.conf 0 0 444
                tok-1level=INLINE
                """, "\(listing.error)")
        let owned = try project.berth(["exec", "-T", "app", "cat", "/run/secrets/owned-secret"])
        #expect(owned.output == "s3cret", "uid 1000 reads its 0400 secret: \(owned.error)")
        let write = try project.berth(["exec", "-T", "-u", "0", "app", "sh", "-c", "echo x > /run/secrets/plain"])
        #expect(write.status != 0, "a file secret is bound read-only")

        let before = try project.daemon.docker(["ps", "-q", "--no-trunc"]).output
        #expect(try project.berth(["up", "-d"], environment: environment).status == 0)
        #expect(try project.daemon.docker(["ps", "-q", "--no-trunc"]).output == before, "nothing changed: kept")
        let changed = try project.berth(["up", "-d"], environment: ["APP_TOKEN": "tok-2"])
        #expect(changed.status == 0, "\(changed.error)")
        #expect(try project.daemon.docker(["ps", "-q", "--no-trunc"]).output != before, "new content: recreated")
        let token = try project.berth(["exec", "-T", "app", "cat", "/run/secrets/fromenv"])
        #expect(token.output == "tok-2")

        let unset = try project.berth(["up", "-d"])
        #expect(unset.status != 0 && unset.error.contains("APP_TOKEN"), "\(unset.error)")
    }

    static let network = """
        services:
          app:
            image: berth.local/busybox
            command: ["sleep", "300"]
            networks: [front]
          other:
            image: berth.local/busybox
            command: ["sleep", "300"]
        networks:
          front:
            labels: {generation: "LABEL"}
        """

    /// docker/compose (v2.24+): a network whose configuration changed is removed and created again,
    /// its containers stopped, disconnected and recreated onto it; other services are left alone.
    @Test("a network whose configuration changed is recreated, with its containers; others keep theirs")
    func networkRecreation() throws {
        let project = try Project(Self.network.replacingOccurrences(of: "LABEL", with: "1"))
        defer { project.close() }
        #expect(try project.berth(["up", "-d"]).status == 0)
        let networkName = project.name + "_front"
        let oldNetwork = try project.daemon.docker(["network", "inspect", "-f", "{{.Id}}", networkName]).output
        let oldApp = try project.berth(["ps", "-q", "app"]).output
        let oldOther = try project.berth(["ps", "-q", "other"]).output
        try Self.network.replacingOccurrences(of: "LABEL", with: "2").write(
            toFile: project.folder + "/compose.yaml", atomically: true, encoding: .utf8)
        let up = try project.berth(["up", "-d", "--progress", "json"])
        #expect(up.status == 0, "\(up.error)")
        let events = up.error.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let done = events.filter { $0["status"] as? String == "done" }.map {
            "\($0["id"] ?? "") \($0["text"] ?? "")"
        }
        #expect(done.contains("Network \(networkName) Removed") && done.contains("Network \(networkName) Created"))
        #expect(done.contains("Container \(project.name)-app-1 Recreated"), "final name, not the temporary one")
        let newNetwork = try project.daemon.docker(["network", "inspect", "-f", "{{.Id}}", networkName]).output
        #expect(newNetwork != oldNetwork)
        let labels = try project.daemon.docker(["network", "inspect", "-f", "{{.Labels.generation}}", networkName])
        #expect(labels.output.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(try project.berth(["ps", "-q", "app"]).output != oldApp)
        #expect(try project.berth(["ps", "-q", "other"]).output == oldOther)
        let attached = try project.daemon.docker([
            "inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$v.NetworkID}}{{end}}",
            "\(project.name)-app-1",
        ])
        #expect(
            attached.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == newNetwork.trimmingCharacters(in: .whitespacesAndNewlines))
        let noOp = try project.berth(["up", "-d", "--progress", "json"])
        #expect(noOp.status == 0 && noOp.error.isEmpty, "a second up does nothing: \(noOp.error)")
    }

    /// docker compose run keeps stdin open (-i is its default) and passes ours through.
    @Test("run passes standard input to the container; up --pull never fails clearly on a missing image")
    func runInputAndPullPolicy() throws {
        let project = try Project(Self.replicas)
        defer { project.close() }
        let run = try project.berth(
            ["run", "--rm", "app", "sh", "-c", "tr a-z A-Z; echo end"], input: Data("hello\nworld\n".utf8))
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == "HELLO\nWORLD\nend\n")
        try """
        services:
          app: {image: berth.local/not-there:1, command: ["true"]}
        """.write(toFile: project.folder + "/compose.yaml", atomically: true, encoding: .utf8)
        let never = try project.berth(["up", "-d", "--pull", "never"])
        #expect(never.status != 0 && never.error.contains("not-there"), "\(never.error)")
        let bad = try project.berth(["up", "-d", "--pull", "sometimes"])
        #expect(bad.status != 0 && bad.error.contains("--pull sometimes"), "\(bad.error)")
    }
}
