import Foundation
import Testing

/// `run --rm` as docker's: an AutoRemove container that the engine removes once it exited and its
/// attached output was read, and whose files need not outlive a power loss.
@Suite("run --rm and AutoRemove", .enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct AutoRemoveTests {
    static let image = ContainerCLITests.image

    @Test("run --rm gets every line a container writes just before it exits")
    func outputIsCompleteBeforeRemoval() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        for round in 0..<3 {
            let run = try daemon.berth([
                "container", "run", "--rm", "--network", "none", Self.image, "sh", "-c",
                "seq 1 20000; seq 1 3000 >&2; exit 5",
            ])
            #expect(run.status == 5, "round \(round): \(run.error)\n\(daemon.log)")
            let lines = run.output.split(separator: "\n")
            #expect(lines.count == 20000 && lines.last == "20000", "round \(round): \(lines.count) lines")
            #expect(run.error.split(separator: "\n").count == 3000, "round \(round)")
        }
        #expect(try daemon.berth(["container", "ls", "-a", "-q"]).output.isEmpty)
    }

    @Test("the engine removes a run --rm container whose client was killed")
    func removalOutlivesTheClient() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let name = ContainerCLITests.uniqueName()
        let cli = daemon.berthProcess([
            "container", "run", "--rm", "--name", name, "--network", "none", Self.image, "sh", "-c",
            "echo ready; sleep 1",
        ])
        try cli.run()
        var running = false
        for _ in 0..<200 where !running {
            usleep(25_000)
            running = try daemon.berth(["container", "logs", name]).output == "ready\n"
        }
        try #require(running, "the container did not start: \(daemon.log)")
        kill(cli.processIdentifier, SIGKILL)
        cli.waitUntilExit()
        let inspect = try daemon.docker(["inspect", "-f", "{{.HostConfig.AutoRemove}}", name])
        #expect(inspect.output == "true\n", "\(inspect)")
        var gone = false
        for _ in 0..<200 where !gone {
            usleep(50_000)
            gone = try daemon.berth(["container", "ls", "-a", "-q"]).output.isEmpty
        }
        #expect(gone, "the container is still there: \(daemon.log)")
    }

    @Test("wait?condition=removed answers the exit code even after the removal")
    func waitAfterRemovalKeepsTheExitCode() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let created = try daemon.docker(["create", "--rm", "--network", "none", Self.image, "sh", "-c", "exit 7"])
        let id = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(created.status == 0 && id.count == 64, "\(created)")
        #expect(try daemon.docker(["start", id]).status == 0)
        var gone = false
        for _ in 0..<200 where !gone {
            usleep(25_000)
            gone = try daemon.docker(["ps", "-aq"]).output.isEmpty
        }
        try #require(gone, "AutoRemove did not remove it: \(daemon.log)")
        let wait = try DaemonFixture.run(
            "/usr/bin/curl",
            [
                "-s", "-X", "POST", "--unix-socket", daemon.socket,
                "http://berth/v1.44/containers/\(id)/wait?condition=removed",
            ])
        #expect(wait.output.contains(#""StatusCode":7"#), "\(wait)")
    }

    @Test("run --rm mounts the container's overlay volatile; a kept container's is synced")
    func ephemeralOverlayIsVolatile() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        // The root's line of the container's own mountinfo: its super options name `volatile`.
        let script = "grep ' / / ' /proc/self/mountinfo"
        let removed = try daemon.berth([
            "container", "run", "--rm", "--network", "none", Self.image, "sh", "-c", script,
        ])
        #expect(removed.status == 0 && removed.output.contains("overlay"), "\(removed)")
        #expect(removed.output.contains("volatile"), "\(removed.output)")
        let name = ContainerCLITests.uniqueName()
        let kept = try daemon.berth([
            "container", "run", "--name", name, "--network", "none", Self.image, "sh", "-c", script,
        ])
        #expect(kept.status == 0 && kept.output.contains("overlay"), "\(kept)")
        #expect(!kept.output.contains("volatile"), "\(kept.output)")
        #expect(try daemon.berth(["container", "rm", name]).status == 0)
    }

    @Test("a daemon that starts removes the AutoRemove containers that exited while none ran")
    func daemonStartRemovesExitedAutoRemoveContainers() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let run = try daemon.berth(["container", "run", "-d", "--rm", "--network", "none", Self.image, "sleep", "1"])
        let id = run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(run.status == 0 && !id.isEmpty, "\(run)")
        daemon.killDaemon()
        // The container ends while no daemon watches it; its shim records the exit.
        let exitFile = daemon.folder + "/root/containers/\(id)/exit.json"
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: exitFile) { usleep(50_000) }
        try #require(FileManager.default.fileExists(atPath: exitFile), "no exit.json in \(exitFile)")
        try daemon.launch()
        var gone = false
        for _ in 0..<100 where !gone {
            usleep(50_000)
            gone = try daemon.berth(["container", "ls", "-a", "-q"]).output.isEmpty
        }
        #expect(gone, "\(daemon.log)")
    }
}
