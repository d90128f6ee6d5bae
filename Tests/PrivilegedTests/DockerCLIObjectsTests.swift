import Foundation
import Testing

/// The rest of the docker CLI's evidence for the daemon: ps filters, images, pull from a local
/// registry (Debian's docker-registry on 127.0.0.1, storage in the test's folder), networks with
/// connect, and events.
@Suite("The docker CLI's objects on berth: filters, images, registry pull, networks, events", .privileged, .serialized)
struct DockerCLIObjectsTests {
    @Test("docker ps --filter (label, name, status) and docker images")
    func filtersAndImages() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        for (name, label) in [("keep-a", "x"), ("keep-b", "y")] {
            let run = try daemon.docker([
                "run", "-d", "--name", name, "--label", "tier=\(label)", "--network", "none",
                "berth.local/busybox", "sleep", "3600",
            ])
            try #require(run.status == 0, "\(run.error)")
        }
        _ = try daemon.docker(["create", "--name", "idle", "--network", "none", "berth.local/busybox", "true"])
        let byLabel = try daemon.docker(["ps", "--filter", "label=tier=x", "--format", "{{.Names}}"])
        #expect(byLabel.output == "keep-a\n", "\(byLabel.output)\(byLabel.error)")
        let byName = try daemon.docker(["ps", "-a", "--filter", "name=keep", "--format", "{{.Names}}"])
        #expect(byName.output.split(separator: "\n").sorted() == ["keep-a", "keep-b"], "\(byName.output)")
        let created = try daemon.docker(["ps", "-a", "--filter", "status=created", "--format", "{{.Names}}"])
        #expect(created.output == "idle\n", "\(created.output)")
        // docker logs -f follows until the container ends.
        let talker = try daemon.docker([
            "run", "-d", "--name", "talker", "--network", "none", "berth.local/busybox", "sh", "-c",
            "echo first; sleep 1; echo second",
        ])
        try #require(talker.status == 0, "\(talker.error)")
        let followed = try daemon.docker(["logs", "-f", "talker"])
        #expect(followed.output == "first\nsecond\n", "\(followed.output)\(followed.error)")
        let images = try daemon.docker(["images", "--format", "{{.Repository}}:{{.Tag}}"])
        #expect(images.output.contains("berth.local/busybox:latest"), "\(images.output)\(images.error)")
    }

    @Test("docker push to and docker pull from a local registry, then run the pulled image")
    func pullFromLocalRegistry() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let port = Int.random(in: 20000...45000)
        let storage = daemon.folder + "/registry"
        try FileManager.default.createDirectory(atPath: storage, withIntermediateDirectories: true)
        let config = """
            version: 0.1
            log: {level: error}
            storage: {filesystem: {rootdirectory: \(storage)}}
            http: {addr: 127.0.0.1:\(port)}
            """
        try config.write(toFile: storage + "/config.yml", atomically: true, encoding: .utf8)
        let registry = Process()
        registry.executableURL = URL(fileURLWithPath: "/usr/bin/docker-registry")
        registry.arguments = ["serve", storage + "/config.yml"]
        registry.standardOutput = FileHandle.nullDevice
        registry.standardError = FileHandle.nullDevice
        try registry.run()
        defer {
            kill(registry.processIdentifier, SIGTERM)
            registry.waitUntilExit()
        }
        var up = false
        for _ in 0..<100 where !up {
            usleep(50_000)
            up = (try? DaemonFixture.run("/usr/bin/curl", ["-s", "http://127.0.0.1:\(port)/v2/"]))?.output == "{}"
        }
        try #require(up, "docker-registry did not answer on 127.0.0.1:\(port)")
        let reference = "127.0.0.1:\(port)/test/busybox:v1"
        #expect(try daemon.docker(["tag", "berth.local/busybox:latest", reference]).status == 0)
        let push = try daemon.docker(["push", reference])
        try #require(push.status == 0, "push: \(push.output)\(push.error)")
        #expect(try daemon.docker(["rmi", reference]).status == 0)
        let pull = try daemon.docker(["pull", reference])
        #expect(pull.status == 0, "pull: \(pull.output)\(pull.error)")
        let run = try daemon.docker(["run", "--rm", "--network", "none", reference, "echo", "pulled"])
        #expect(run.output == "pulled\n", "\(run.error)")
    }

    @Test("docker network create and connect: the container gets an interface on each network; events are reported")
    func networksAndEvents() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        for network in ["front", "back"] {
            #expect(try daemon.docker(["network", "create", network]).status == 0)
        }
        let run = try daemon.docker([
            "run", "-d", "--name", "both", "--network", "front", "berth.local/busybox", "sleep", "3600",
        ])
        try #require(run.status == 0, "\(run.error)")
        let connect = try daemon.docker(["network", "connect", "back", "both"])
        #expect(connect.status == 0, "\(connect.error)")
        let networks = try daemon.docker([
            "inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "both",
        ])
        #expect(
            networks.output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }.sorted() == ["back", "front"], "\(networks.output)")
        let interfaces = try daemon.docker(["exec", "both", "ls", "/sys/class/net"])
        #expect(interfaces.output.contains("eth0") && interfaces.output.contains("eth1"), "\(interfaces.output)")
        #expect(try daemon.docker(["rm", "-f", "both"]).status == 0)
        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let events = try daemon.docker([
            "events", "--since", since, "--until", until, "--format", "{{.Type}} {{.Action}}",
        ])
        for expected in [
            "network create", "container create", "container start", "network connect", "container destroy",
        ] {
            #expect(events.output.contains(expected), "events lack \"\(expected)\": \(events.output)")
        }
        for network in ["front", "back"] { _ = try daemon.docker(["network", "rm", network]) }
    }
}
