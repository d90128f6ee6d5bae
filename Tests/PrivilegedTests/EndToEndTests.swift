import Foundation
import Testing

@Suite("End to end: berth up/down and the docker CLI against berth daemon", .privileged, .serialized)
struct EndToEndTests {
    @Test("berth up -d brings up the sample app; a second up changes nothing; down removes it all")
    func composeUpDown() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let app = daemon.folder + "/webapp"
        try FileManager.default.copyItem(atPath: DaemonFixture.repository + "/samples/webapp", toPath: app)
        let port = String(Int.random(in: 20000...40000))
        let project = "e2e\(UUID().uuidString.prefix(6).lowercased())"
        let environment = ["WEB_PORT": port]
        let up = try daemon.berth(["up", "-d", "-p", project], in: app, environment: environment)
        try #require(up.status == 0, "up failed: \(up.error)\n\(daemon.log)")
        let first = try daemon.berth(["ps", "-q", "-p", project], in: app, environment: environment)
        let ids = first.output.split(separator: "\n").sorted()
        #expect(ids.count == 3, "\(first.output)")
        let page = try HTTPProbe.get(port: UInt16(port) ?? 0)
        #expect(page.contains("Hello from berth"), "\(page)")
        let lookup = try daemon.docker(["exec", "\(project)-web-1", "nslookup", "api"])
        #expect(lookup.status == 0 && lookup.output.contains("Address"), "\(lookup.output)\(lookup.error)")
        let again = try daemon.berth(["up", "-d", "-p", project], in: app, environment: environment)
        #expect(again.status == 0)
        let second = try daemon.berth(["ps", "-q", "-p", project], in: app, environment: environment)
        #expect(second.output.split(separator: "\n").sorted() == ids, "a second up must keep every container")
        let stop = try daemon.berth(["stop", "-t", "1", "-p", project, "web"], in: app, environment: environment)
        #expect(stop.status == 0, "\(stop.error)")
        let running = try daemon.berth(["ps", "--services", "-p", project], in: app, environment: environment)
        #expect(running.output == "api\nworker\n", "\(running.output)")
        let start = try daemon.berth(["start", "-p", project, "web"], in: app, environment: environment)
        #expect(start.status == 0, "\(start.error)")
        let restarted = try daemon.berth(["ps", "-q", "-p", project], in: app, environment: environment)
        #expect(restarted.output.split(separator: "\n").sorted() == ids, "start keeps the same containers")
        let down = try daemon.berth(["down", "-v", "-p", project], in: app, environment: environment)
        #expect(down.status == 0, "\(down.error)")
        let after = try daemon.berth(["ps", "-a", "-q", "-p", project], in: app, environment: environment)
        #expect(after.output.isEmpty)
        #expect(try daemon.docker(["volume", "ls", "-q"]).output.isEmpty)
        #expect(!(try daemon.docker(["network", "ls"]).output.contains(project)))
    }

    @Test("the docker CLI runs, logs, execs into, stops and removes containers on berth")
    func dockerCLI() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let version = try daemon.docker(["version", "--format", "{{.Server.APIVersion}}"])
        try #require(version.status == 0, "docker CLI: \(version.error)")
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1.44")
        let run = try daemon.docker(["run", "--rm", "berth.local/busybox", "echo", "hello from berth"])
        #expect(run.output == "hello from berth\n", "\(run.error)")
        let name = "e2e\(UUID().uuidString.prefix(6).lowercased())"
        let started = try daemon.docker([
            "run", "-d", "--name", name, "berth.local/busybox", "sh", "-c", "echo up; sleep 3600",
        ])
        #expect(started.status == 0, "\(started.error)")
        usleep(300_000)
        #expect(try daemon.docker(["logs", name]).output == "up\n")
        let exec = try daemon.docker(["exec", name, "sh", "-c", "echo in; exit 3"])
        #expect(exec.output == "in\n" && exec.status == 3, "\(exec)")
        #expect(try daemon.docker(["stop", "-t", "1", name]).status == 0)
        let state = try daemon.docker(["inspect", "--format", "{{.State.Status}}", name])
        #expect(state.output.trimmingCharacters(in: .whitespacesAndNewlines) == "exited")
        #expect(try daemon.docker(["rm", name]).status == 0)
        #expect(try daemon.docker(["ps", "-a", "-q"]).output.isEmpty)
    }
}

/// A plain HTTP GET on 127.0.0.1 (no client library needed, and nothing leaves loopback).
enum HTTPProbe {
    static func get(port: UInt16) throws -> String {
        for _ in 0..<50 {
            let request = try DaemonFixture.run(
                "/bin/sh", ["-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | /bin/busybox nc -w 2 127.0.0.1 \(port)"])
            if request.output.contains("HTTP/1") { return request.output }
            usleep(100_000)
        }
        return ""
    }
}
