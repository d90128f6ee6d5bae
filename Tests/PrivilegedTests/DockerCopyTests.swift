import Foundation
import Testing

@Suite(
    "docker cp, export, save and load against berth daemon", .enabled(if: PrivilegedTrait.isRequested), .privileged,
    .serialized)
struct DockerCopyTests {
    /// A host folder with a file and a folder in it, removed by the caller.
    private func makeHostTree(_ daemon: DaemonFixture) throws -> String {
        let tree = daemon.folder + "/host-tree"
        try FileManager.default.createDirectory(atPath: tree + "/folder/inner", withIntermediateDirectories: true)
        try "hello from the host\n".write(toFile: tree + "/hello.txt", atomically: false, encoding: .utf8)
        try "deep\n".write(toFile: tree + "/folder/inner/deep.txt", atomically: false, encoding: .utf8)
        return tree
    }

    private func output(_ result: (status: Int32, output: String, error: String)) -> String {
        result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The docker CLI sends HEAD /_ping, then its GET on the same connection as soon as it has read the
    /// ping's head: the GET's answer must not start before the ping's has ended (it once did about one
    /// time in 50, and the archive came after an empty body).
    @Test("docker cp out, 300 times in a row, gets the whole archive every time")
    func copyOutRepeatedly() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let name = "cr\(UUID().uuidString.prefix(6).lowercased())"
        let run = try daemon.docker(["run", "-d", "--name", name, "berth.local/busybox", "sleep", "3600"])
        try #require(run.status == 0, "\(run.error)\n\(daemon.log)")
        let loop = try DaemonFixture.run(
            "/bin/sh",
            [
                "-c",
                "for i in $(seq 300); do docker cp \(name):/bin/busybox - | tar -t | grep -qx busybox || echo FAIL $i; done",
            ],
            environment: ["DOCKER_HOST": "unix://" + daemon.socket])
        #expect(loop.status == 0 && !loop.output.contains("FAIL"), "\(loop.output)\(loop.error)")
    }

    @Test("docker cp copies files and folders into and out of a running container")
    func copyRunning() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let tree = try makeHostTree(daemon)
        let name = "cp\(UUID().uuidString.prefix(6).lowercased())"
        let run = try daemon.docker(["run", "-d", "--name", name, "berth.local/busybox", "sleep", "3600"])
        try #require(run.status == 0, "\(run.error)\n\(daemon.log)")
        let file = try daemon.docker(["cp", tree + "/hello.txt", name + ":/tmp/"])
        #expect(file.status == 0, "\(file.error)")
        #expect(output(try daemon.docker(["exec", name, "cat", "/tmp/hello.txt"])) == "hello from the host")
        let folder = try daemon.docker(["cp", tree + "/folder", name + ":/tmp/copied"])
        #expect(folder.status == 0, "\(folder.error)")
        #expect(output(try daemon.docker(["exec", name, "cat", "/tmp/copied/inner/deep.txt"])) == "deep")
        let out = daemon.folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let back = try daemon.docker(["cp", name + ":/tmp/copied", out + "/again"])
        #expect(back.status == 0, "\(back.error)")
        #expect((try? String(contentsOfFile: out + "/again/inner/deep.txt", encoding: .utf8)) == "deep\n")
        let content = try daemon.docker(["cp", name + ":/tmp/copied/.", out + "/content"])
        #expect(content.status == 0, "\(content.error)")
        #expect(FileManager.default.fileExists(atPath: out + "/content/inner/deep.txt"))
        let hostname = try daemon.docker(["cp", name + ":/etc/passwd", out + "/"])
        #expect(hostname.status == 0, "\(hostname.error)")
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(
            (try? String(contentsOfFile: out + "/passwd", encoding: .utf8))?.hasPrefix("root:") == true,
            "\(hostname.output)\(hostname.error); \(out) holds \(listing)")
        let missing = try daemon.docker(["cp", name + ":/no/such/file", out + "/"])
        #expect(missing.status != 0 && missing.error.contains("no/such/file"), "\(missing.error)")
        _ = try daemon.docker(["rm", "-f", name])
    }

    @Test("a symlink in the container pointing out of it cannot make docker cp write on the host")
    func copyThroughEscapingLink() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let tree = try makeHostTree(daemon)
        let name = "cp\(UUID().uuidString.prefix(6).lowercased())"
        let marker = "berth-cp-marker-\(UUID().uuidString.prefix(6))"
        try FileManager.default.moveItem(atPath: tree + "/hello.txt", toPath: tree + "/" + marker)
        let run = try daemon.docker(["run", "-d", "--name", name, "berth.local/busybox", "sleep", "3600"])
        try #require(run.status == 0, "\(run.error)")
        #expect(try daemon.docker(["exec", name, "ln", "-s", "../../../../../../tmp", "/up"]).status == 0)
        let copy = try daemon.docker(["cp", tree + "/" + marker, name + ":/up/"])
        #expect(copy.status == 0, "\(copy.error)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/" + marker), "docker cp wrote on the host")
        #expect(try daemon.docker(["exec", name, "test", "-f", "/tmp/" + marker]).status == 0)
        _ = try daemon.docker(["rm", "-f", name])
    }

    @Test("docker cp works on a stopped container, and what it wrote is there at the next start")
    func copyStopped() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let tree = try makeHostTree(daemon)
        let name = "cp\(UUID().uuidString.prefix(6).lowercased())"
        let create = try daemon.docker(["create", "--name", name, "berth.local/busybox", "cat", "/root/hello.txt"])
        try #require(create.status == 0, "\(create.error)")
        let into = try daemon.docker(["cp", tree + "/hello.txt", name + ":/root/hello.txt"])
        #expect(into.status == 0, "\(into.error)\n\(daemon.log)")
        let out = daemon.folder + "/out-stopped"
        let back = try daemon.docker(["cp", name + ":/root/hello.txt", out])
        #expect(back.status == 0, "\(back.error)")
        #expect((try? String(contentsOfFile: out, encoding: .utf8)) == "hello from the host\n")
        let start = try daemon.docker(["start", "-a", name])
        #expect(start.output == "hello from the host\n", "\(start.error)")
        let export = daemon.folder + "/export.tar"
        let exported = try daemon.docker(["export", "-o", export, name])
        #expect(exported.status == 0, "\(exported.error)")
        #expect(
            FileManager.default.fileExists(atPath: export),
            "export -o left no file: \(exported.output)\(exported.error)\n\(daemon.log)")
        let listing = try DaemonFixture.run("/bin/tar", ["-tf", export])
        #expect(listing.output.contains("bin/busybox") && listing.output.contains("root/hello.txt"), "\(listing.error)")
        // The container's mounts are not in the export.
        #expect(!listing.output.contains("proc/self"))
        _ = try daemon.docker(["rm", "-f", name])
    }

    @Test("docker save, rmi, load and run round-trip an image")
    func saveLoad() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let tag = "berth.local/roundtrip:\(UUID().uuidString.prefix(6).lowercased())"
        #expect(try daemon.docker(["tag", "berth.local/busybox", tag]).status == 0)
        let archive = daemon.folder + "/image.tar"
        let save = try daemon.docker(["save", "-o", archive, tag])
        try #require(save.status == 0, "\(save.error)")
        let listing = try DaemonFixture.run("/bin/tar", ["-tf", archive])
        #expect(listing.output.contains("manifest.json") && listing.output.contains("index.json"))
        #expect(try daemon.docker(["rmi", tag]).status == 0)
        let load = try daemon.docker(["load", "-i", archive])
        #expect(load.status == 0 && load.output.contains("Loaded image: \(tag)"), "\(load.output)\(load.error)")
        let run = try daemon.docker(["run", "--rm", tag, "echo", "loaded"])
        #expect(run.output == "loaded\n", "\(run.error)")
        let piped = try DaemonFixture.run(
            "/bin/sh", ["-c", "docker save \(tag) | docker load"],
            environment: ["DOCKER_HOST": "unix://" + daemon.socket])
        #expect(piped.status == 0 && piped.output.contains(tag), "\(piped.output)\(piped.error)")
        let bad = try DaemonFixture.run(
            "/bin/sh", ["-c", "echo not-a-tar | docker load"], environment: ["DOCKER_HOST": "unix://" + daemon.socket])
        #expect(bad.status != 0)
    }

    @Test("docker system df lists the image, the container and the volume")
    func diskUsage() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let name = "df\(UUID().uuidString.prefix(6).lowercased())"
        let run = try daemon.docker([
            "run", "-d", "--name", name, "-v", name + ":/data", "berth.local/busybox", "sleep", "30",
        ])
        try #require(run.status == 0, "\(run.error)")
        let df = try daemon.docker(["system", "df", "-v"])
        #expect(df.status == 0, "\(df.error)")
        #expect(df.output.contains("berth.local/busybox") && df.output.contains(name), "\(df.output)")
        _ = try daemon.docker(["rm", "-f", "-v", name])
        _ = try daemon.docker(["volume", "rm", name])
    }
}
