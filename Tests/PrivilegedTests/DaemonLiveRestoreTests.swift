import Foundation
import Testing

/// Live restore, crash safety and the socket's permissions, with the real docker CLI as the client.
@Suite("Daemon: live restore, crash safety, socket permissions", .privileged, .serialized)
struct DaemonLiveRestoreTests {
    @Test("after SIGKILL of the daemon containers keep running; a new daemon re-adopts them and their exits")
    func liveRestore() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let ticker = try daemon.docker([
            "run", "-d", "--name", "ticker", "--network", "none", "berth.local/busybox:latest", "sh", "-c",
            "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done",
        ])
        try #require(ticker.status == 0, "\(ticker.error)")
        let quitter = try daemon.docker([
            "run", "-d", "--name", "quitter", "--network", "none", "berth.local/busybox:latest", "sh", "-c",
            "sleep 1; exit 7",
        ])
        try #require(quitter.status == 0, "\(quitter.error)")
        let pid = try #require(Int32(try daemon.docker(["inspect", "-f", "{{.State.Pid}}", "ticker"]).output.trimmed))

        daemon.killDaemon()
        Thread.sleep(forTimeInterval: 2)  // the quitter exits while no daemon runs
        #expect(kill(pid, 0) == 0, "the container died with the daemon")
        try daemon.launch()

        let running = try daemon.docker(["ps", "--format", "{{.Names}}"]).output
        #expect(running.split(separator: "\n").contains("ticker"), "\(running)")
        #expect(try daemon.docker(["inspect", "-f", "{{.State.ExitCode}}", "quitter"]).output.trimmed == "7")
        let before = try daemon.docker(["logs", "ticker"]).output.split(separator: "\n").count
        Thread.sleep(forTimeInterval: 0.6)
        let after = try daemon.docker(["logs", "ticker"]).output.split(separator: "\n").count
        #expect(after > before, "the log keeps growing after the restart (\(before) -> \(after))")
        let stop = try daemon.docker(["stop", "-t", "1", "ticker"])
        #expect(stop.status == 0, "\(stop.error)")
        #expect(kill(pid, 0) != 0, "stop through the new daemon ended the container")
    }

    @Test("a daemon SIGKILLed in the middle of creates starts again with every container usable and every name free")
    func crashDuringCreates() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let names = (0..<12).map { "burst-\($0)" }
        var clients: [Process] = []
        for name in names {
            let client = Process()
            client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            client.arguments = [
                "docker", "create", "--name", name, "--network", "none", "berth.local/busybox:latest", "true",
            ]
            client.environment = ProcessInfo.processInfo.environment.merging(["DOCKER_HOST": "unix://" + daemon.socket])
            {
                $1
            }
            client.standardOutput = FileHandle.nullDevice
            client.standardError = FileHandle.nullDevice
            try client.run()
            clients.append(client)
        }
        Thread.sleep(forTimeInterval: 0.15)
        daemon.killDaemon()
        clients.forEach { $0.waitUntilExit() }
        try daemon.launch()

        let listed = try daemon.docker(["ps", "-a", "--format", "{{.Names}}"])
        #expect(listed.status == 0, "\(listed.error)")
        for name in listed.output.split(separator: "\n").map(String.init) {
            let inspect = try daemon.docker(["inspect", "-f", "{{.State.Status}}", name])
            #expect(inspect.status == 0 && inspect.output.trimmed == "created", "\(name): \(inspect.error)")
        }
        let all = listed.output.split(separator: "\n").map(String.init)
        if !all.isEmpty {
            let removed = try daemon.docker(["rm"] + all)
            #expect(removed.status == 0, "\(removed.error)")
        }
        // No name stays reserved by a container that was never fully made.
        for name in names {
            let again = try daemon.docker([
                "create", "--name", name, "--network", "none", "berth.local/busybox:latest", "true",
            ])
            #expect(again.status == 0, "\(name): \(again.error)")
        }
    }

    @Test("the socket refuses a user who is neither root nor in the socket's group")
    func socketPermissions() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let asNobody = try DaemonFixture.run(
            "/usr/bin/setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/curl", "-s", "--unix-socket",
                daemon.socket,
                "http://berth/_ping",
            ])
        #expect(asNobody.status != 0 && asNobody.output != "OK", "nobody reached the API: \(asNobody.output)")
        #expect(daemon.answers, "root reaches it")
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
