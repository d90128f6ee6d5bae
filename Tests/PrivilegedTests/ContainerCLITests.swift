import Foundation
import Testing

/// `berth container ...` as a client of a real berth daemon (the fixture's socket through BERTH_HOST).
@Suite(
    "berth container against berth daemon", .enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ContainerCLITests {
    static let image = "berth.local/busybox"

    static func uniqueName() -> String { "bc\(UUID().uuidString.prefix(8).lowercased())" }

    @Test("run --rm returns the container's exit code, streams both outputs and leaves nothing behind")
    func runRemoveExitCode() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let run = try daemon.berth([
            "container", "run", "--rm", "--network", "none", Self.image, "sh", "-c", "echo out; echo err >&2; exit 3",
        ])
        #expect(run.status == 3, "\(run.error)\n\(daemon.log)")
        #expect(run.output == "out\n")
        #expect(run.error.contains("err\n"))
        let all = try daemon.berth(["container", "ls", "-a", "-q"])
        #expect(all.status == 0 && all.output.isEmpty, "\(all)")
        let ok = try daemon.berth(["container", "run", "--rm", "--network", "none", Self.image, "true"])
        #expect(ok.status == 0, "\(ok.error)")
    }

    /// `berth` runs `container run` itself (QuickRun) and execs berth-cli for the rest: a copy of
    /// `berth` alone in a folder still runs a container, and fails on any other command.
    @Test("berth runs container run itself and hands every other command to berth-cli")
    func quickPathNeedsNoFullCLI() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let alone = daemon.folder + "/alone"
        try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: daemon.berth.path, toPath: alone + "/berth")
        let environment = ["BERTH_HOST": "unix://" + daemon.socket]
        let run = try DaemonFixture.run(
            alone + "/berth",
            ["container", "run", "--rm", "--network", "none", "-e", "A=1", Self.image, "sh", "-c", "echo $A; exit 4"],
            environment: environment)
        #expect(run.status == 4 && run.output == "1\n", "\(run)\n\(daemon.log)")
        let detached = try DaemonFixture.run(
            alone + "/berth", ["container", "run", "-d", "--network", "none", Self.image, "true"],
            environment: environment)
        #expect(detached.status == 0 && detached.output.count == 65, "\(detached)")
        let other = try DaemonFixture.run(alone + "/berth", ["container", "ls"], environment: environment)
        #expect(other.status == 127 && other.error.contains(alone + "/berth-cli"), "\(other)")
        // A flag the quick path does not take goes to berth-cli too.
        let memory = try DaemonFixture.run(
            alone + "/berth", ["container", "run", "--rm", "--memory", "64m", Self.image, "true"],
            environment: environment)
        #expect(memory.status == 127, "\(memory)")
        #expect(try daemon.berth(["container", "ls", "-a", "-q"]).output.split(separator: "\n").count == 1)
    }

    @Test("run -i passes standard input to the container and ends with its exit code (docker run -i)")
    func runInteractive() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let run = try daemon.berth(
            ["container", "run", "--rm", "-i", "--network", "none", Self.image, "sh", "-c", "tr a-z A-Z; exit 5"],
            input: Data("abc\ndef\n".utf8))
        #expect(run.status == 5, "\(run.error)\n\(daemon.log)")
        #expect(run.output == "ABC\nDEF\n")
        #expect(try daemon.berth(["container", "ls", "-a", "-q"]).output.isEmpty, "--rm removed it")
    }

    @Test("engine errors exit 125, a missing command 127")
    func dockerExitCodes() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let badMode = try daemon.berth([
            "container", "run", "--rm", "--network", "container:nosuch", Self.image, "true",
        ])
        #expect(badMode.status == 125, "\(badMode)")
        #expect(badMode.error.hasPrefix("berth: "), "\(badMode.error)")
        let missing = try daemon.berth(["container", "run", "--rm", "--network", "none", Self.image, "nosuchcommand"])
        #expect(missing.status == 127, "\(missing)")
        #expect(try daemon.berth(["container", "ls", "-a", "-q"]).output.isEmpty)
    }

    @Test("run -d prints the id; logs, ls, exec, stop and rm work on it")
    func detachedLifecycle() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let name = Self.uniqueName()
        let run = try daemon.berth([
            "container", "run", "-d", "--name", name, "--network", "none", Self.image, "sh", "-c",
            "echo up; sleep 3600",
        ])
        try #require(run.status == 0, "\(run.error)\n\(daemon.log)")
        let id = run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 64 && id.allSatisfy(\.isHexDigit), "\(run.output)")
        var logs = ""
        for _ in 0..<100 where logs.isEmpty {
            logs = try daemon.berth(["container", "logs", name]).output
            if logs.isEmpty { usleep(50_000) }
        }
        #expect(logs == "up\n")
        let list = try daemon.berth(["container", "ls"])
        #expect(list.output.contains(name) && list.output.contains(String(id.prefix(12))), "\(list.output)")
        let exec = try daemon.berth(["container", "exec", name, "sh", "-c", "echo in; exit 3"])
        #expect(exec.status == 3 && exec.output == "in\n", "\(exec)")
        let inspect = try daemon.berth(["container", "inspect", name])
        let objects = try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [[String: Any]]
        #expect((objects?.first?["State"] as? [String: Any])?["Running"] as? Bool == true, "\(inspect.output)")
        let stop = try daemon.berth(["container", "stop", "-t", "1", name])
        #expect(stop.status == 0 && stop.output == "\(name)\n", "\(stop)")
        #expect(try daemon.berth(["container", "wait", name]).output == "137\n")
        #expect(!(try daemon.berth(["container", "ls", "-q"]).output.contains(String(id.prefix(12)))))
        let remove = try daemon.berth(["container", "rm", name])
        #expect(remove.status == 0, "\(remove.error)")
        #expect(try daemon.berth(["container", "ls", "-a", "-q"]).output.isEmpty)
        let again = try daemon.berth(["container", "rm", name])
        #expect(again.status == 1 && again.error.contains(name), "\(again)")
    }

    @Test("-e, -w and -u reach the process")
    func environmentDirectoryUser() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let run = try daemon.berth(
            [
                "container", "run", "--rm", "--network", "none", "-e", "GREETING=hello", "-e", "FROM_CLI", "-w",
                "/tmp", "-u", "nobody", Self.image, "sh", "-c", "echo $GREETING $FROM_CLI $(pwd) $(id -u)",
            ], environment: ["FROM_CLI": "passed"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == "hello passed /tmp 65534\n")
    }

    @Test("--network none leaves only the loopback interface")
    func networkNone() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let run = try daemon.berth([
            "container", "run", "--rm", "--network", "none", Self.image, "sh", "-c", "ls /sys/class/net",
        ])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == "lo\n")
        let bridged = try daemon.berth(["container", "run", "--rm", Self.image, "sh", "-c", "ls /sys/class/net"])
        #expect(bridged.status == 0, "\(bridged.error)\n\(daemon.log)")
        #expect(bridged.output.contains("eth0"), "the default network gives an interface: \(bridged.output)")
    }

    @Test("-p publishes a port that busybox httpd answers on 127.0.0.1")
    func publishedPort() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let port = Int.random(in: 20000...40000)
        let name = Self.uniqueName()
        let run = try daemon.berth([
            "container", "run", "-d", "--name", name, "-p", "127.0.0.1:\(port):80", Self.image, "sh", "-c",
            "mkdir -p /tmp/www && echo hello-from-berth > /tmp/www/index.html && exec httpd -f -p 80 -h /tmp/www",
        ])
        try #require(run.status == 0, "\(run.error)\n\(daemon.log)")
        defer { _ = try? daemon.berth(["container", "rm", "-f", name]) }
        let page = try HTTPProbe.get(port: UInt16(port))
        #expect(page.contains("hello-from-berth"), "\(page)\n\(daemon.log)")
        let list = try daemon.berth(["container", "ls"])
        #expect(list.output.contains("127.0.0.1:\(port)->80/tcp"), "\(list.output)")
    }

    @Test("a signal to a foreground run reaches the container; its exit code and --rm follow")
    func signalProxy() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let cli = daemon.berthProcess([
            "container", "run", "--rm", "--network", "none", Self.image, "sh", "-c",
            "trap 'exit 7' INT; echo ready; while :; do sleep 0.1; done",
        ])
        try cli.run()
        var running = false
        for _ in 0..<200 where !running {
            usleep(50_000)
            let ids = try daemon.berth(["container", "ls", "-q"]).output.split(separator: "\n")
            if ids.count == 1 { running = try daemon.berth(["container", "logs", String(ids[0])]).output == "ready\n" }
        }
        try #require(running, "the container did not start: \(daemon.log)")
        kill(cli.processIdentifier, SIGINT)
        cli.waitUntilExit()
        #expect(cli.terminationReason == .exit && cli.terminationStatus == 7)
        #expect(try daemon.berth(["container", "ls", "-a", "-q"]).output.isEmpty)
    }
}
