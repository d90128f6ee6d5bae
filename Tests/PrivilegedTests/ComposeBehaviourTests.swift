import Foundation
import Testing

/// `berth up`/`down` on real containers through a daemon of the test's own, checking the
/// behaviours Docker Compose users rely on. Each test names the docker/compose behaviour it checks.
@Suite("Compose behaviour on real containers", .privileged, .serialized)
struct ComposeBehaviourTests {
    /// A project folder holding `compose.yaml` with `text`, under the daemon's folder.
    private func project(_ daemon: DaemonFixture, _ name: String, _ text: String) throws -> String {
        let folder = daemon.folder + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: folder + "/compose.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    /// `berth ARGS -p NAME` in `folder`; fails the test with the daemon's log when `expect` is 0 and it fails.
    @discardableResult
    private func berth(
        _ daemon: DaemonFixture, _ folder: String, _ arguments: [String], env: [String: String] = [:]
    ) throws -> (status: Int32, output: String, error: String) {
        try daemon.berth(arguments, in: folder, environment: env)
    }

    /// The IDs of the project's containers by name (`docker ps -a`).
    private func containers(_ daemon: DaemonFixture, project: String) throws -> [String: String] {
        let listing = try daemon.docker([
            "ps", "-a", "--filter", "label=com.docker.compose.project=\(project)", "--format", "{{.Names}} {{.ID}}",
        ])
        var found: [String: String] = [:]
        for line in listing.output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2 { found[String(parts[0])] = String(parts[1]) }
        }
        return found
    }

    /// What the daemon holds for `project`: containers, networks and volumes (names).
    private func leftovers(_ daemon: DaemonFixture, project: String) throws -> [String] {
        let label = "label=com.docker.compose.project=\(project)"
        let networks = try daemon.docker(["network", "ls", "-q", "--filter", label]).output
        let volumes = try daemon.docker(["volume", "ls", "-q", "--filter", label]).output
        return Array(try containers(daemon, project: project).keys)
            + networks.split(separator: "\n").map { "network \($0)" }
            + volumes.split(separator: "\n").map { "volume \($0)" }
    }

    @Test("every sample comes up and `down -v` leaves nothing (docker compose down -v)")
    func samplesUpAndDown() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        for sample in ["webapp", "replicas", "profiles"] {
            let folder = daemon.folder + "/" + sample
            try FileManager.default.copyItem(atPath: DaemonFixture.repository + "/samples/" + sample, toPath: folder)
            let name = "s\(sample.prefix(3))\(UUID().uuidString.prefix(4).lowercased())"
            let env = ["WEB_PORT": String(Int.random(in: 20000...40000))]
            let up = try berth(daemon, folder, ["up", "-d", "--wait", "-p", name], env: env)
            try #require(up.status == 0, "\(sample): up failed: \(up.error)\n\(daemon.log)")
            #expect(!(try containers(daemon, project: name)).isEmpty, "\(sample)")
            let down = try berth(daemon, folder, ["down", "-v", "-p", name], env: env)
            #expect(down.status == 0, "\(sample): \(down.error)")
            #expect(try leftovers(daemon, project: name) == [], "\(sample)")
        }
    }

    @Test("replicas: three containers, all in DNS under the service name, all answering the client")
    func replicasAnswerByServiceName() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let folder = daemon.folder + "/replicas"
        try FileManager.default.copyItem(atPath: DaemonFixture.repository + "/samples/replicas", toPath: folder)
        let name = "rep\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, folder, ["down", "-v", "-t", "1", "-p", name]) }
        let up = try berth(daemon, folder, ["up", "-d", "-p", name])
        try #require(up.status == 0, "up failed: \(up.error)\n\(daemon.log)")
        let names = try containers(daemon, project: name).keys.sorted()
        #expect(names == ["\(name)-client-1", "\(name)-echo-1", "\(name)-echo-2", "\(name)-echo-3"])
        let lookup = try daemon.docker(["exec", "\(name)-client-1", "nslookup", "echo"])
        let addresses = lookup.output.split(separator: "\n").filter { $0.hasPrefix("Address") && !$0.contains(":53") }
        #expect(addresses.count == 3, "\(lookup.output)")
        // docker compose: requests to a scaled service's name spread over its replicas (DNS round robin).
        var answered = Set<String>()
        for _ in 0..<40 where answered.count < 2 {
            Thread.sleep(forTimeInterval: 0.5)
            let logs = try daemon.docker(["logs", "\(name)-client-1"]).output
            answered = Set(
                logs.split(separator: "\n").filter { $0.hasPrefix("answer from ") && $0.count > 12 }.map(String.init))
        }
        #expect(answered.count >= 2, "replicas answering: \(answered)")
    }

    @Test("profiles and the override file: only default services start, the override's values win")
    func profilesAndOverride() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let folder = daemon.folder + "/profiles"
        try FileManager.default.copyItem(atPath: DaemonFixture.repository + "/samples/profiles", toPath: folder)
        let name = "pro\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, folder, ["--profile", "debug", "down", "-v", "-t", "1", "-p", name]) }
        try #require(try berth(daemon, folder, ["up", "-d", "-p", name]).status == 0)
        #expect(try containers(daemon, project: name).keys.sorted() == ["\(name)-app-1"])
        let env = try daemon.docker(["exec", "\(name)-app-1", "sh", "-c", "echo $MODE"])
        #expect(env.output == "development\n", "the override file's environment wins")
        let label = try daemon.docker([
            "inspect", "-f", "{{index .Config.Labels \"sample.berth.override\"}}", "\(name)-app-1",
        ])
        #expect(label.output == "applied\n")
        try #require(try berth(daemon, folder, ["--profile", "debug", "up", "-d", "-p", name]).status == 0)
        #expect(try containers(daemon, project: name).keys.sorted() == ["\(name)-app-1", "\(name)-debug-1"])
    }

    @Test("changing one service's environment recreates only that service (docker compose up)")
    func environmentChangeRecreatesOnlyThatService() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let folder = daemon.folder + "/webapp"
        try FileManager.default.copyItem(atPath: DaemonFixture.repository + "/samples/webapp", toPath: folder)
        let name = "env\(UUID().uuidString.prefix(5).lowercased())"
        let port = String(Int.random(in: 20000...40000))
        defer { _ = try? berth(daemon, folder, ["down", "-v", "-t", "1", "-p", name], env: ["WEB_PORT": port]) }
        try #require(try berth(daemon, folder, ["up", "-d", "-p", name], env: ["WEB_PORT": port]).status == 0)
        let before = try containers(daemon, project: name)
        let changed = try berth(daemon, folder, ["up", "-d", "-p", name], env: ["WEB_PORT": port, "GREETING": "bye"])
        #expect(changed.status == 0, "\(changed.error)")
        let after = try containers(daemon, project: name)
        #expect(after["\(name)-api-1"] != nil && after["\(name)-api-1"] != before["\(name)-api-1"], "api recreated")
        #expect(after["\(name)-web-1"] == before["\(name)-web-1"], "web (depends_on api without restart) kept")
        #expect(after["\(name)-worker-1"] == before["\(name)-worker-1"], "worker kept")
        let greeting = try daemon.docker(["exec", "\(name)-api-1", "sh", "-c", "echo $GREETING"])
        #expect(greeting.output == "bye\n")
    }

    @Test("a dependency that turns unhealthy stops up with a clear error; its dependent is not started")
    func unhealthyDependencyFailsUp() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let folder = try project(
            daemon, "unhealthy",
            """
            services:
              db:
                image: berth.local/busybox:latest
                command: ["sleep", "600"]
                healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 2}
              app:
                image: berth.local/busybox:latest
                command: ["sleep", "600"]
                depends_on: {db: {condition: service_healthy}}
            """)
        let name = "unh\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, folder, ["down", "-t", "1", "-p", name]) }
        let up = try berth(daemon, folder, ["up", "-d", "-p", name])
        // docker compose: "dependency failed to start: container NAME-db-1 is unhealthy", exit 1.
        #expect(up.status != 0)
        #expect(up.error.contains("db") && up.error.contains("unhealthy"), "\(up.error)")
        let state = try daemon.docker(["inspect", "-f", "{{.State.Status}}", "\(name)-app-1"])
        #expect(state.status != 0 || state.output == "created\n", "app must not run: \(state.output)")
    }

    @Test("service_completed_successfully waits for exit 0, and a non-zero exit fails up")
    func completedSuccessfully() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        func file(exit code: Int) -> String {
            """
            services:
              setup:
                image: berth.local/busybox:latest
                command: ["sh", "-c", "sleep 1; echo ready > /shared/flag; exit \(code)"]
                volumes: [shared:/shared]
              app:
                image: berth.local/busybox:latest
                command: ["sh", "-c", "cat /shared/flag; sleep 600"]
                volumes: [shared:/shared]
                depends_on: {setup: {condition: service_completed_successfully}}
            volumes:
              shared: {}
            """
        }
        let good = try project(daemon, "good", file(exit: 0))
        let name = "ok\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, good, ["down", "-v", "-t", "1", "-p", name]) }
        let up = try berth(daemon, good, ["up", "-d", "-p", name])
        #expect(up.status == 0, "\(up.error)")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try daemon.docker(["logs", "\(name)-app-1"]).output == "ready\n", "app started after setup finished")

        let bad = try project(daemon, "bad", file(exit: 3))
        let failing = "ko\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, bad, ["down", "-v", "-t", "1", "-p", failing]) }
        let refused = try berth(daemon, bad, ["up", "-d", "-p", failing])
        // docker compose: "service "setup" didn't complete successfully: exit 3".
        #expect(refused.status != 0)
        #expect(refused.error.contains("setup") && refused.error.contains("3"), "\(refused.error)")
    }

    @Test("orphans are kept and reported, and removed with --remove-orphans")
    func orphans() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let both = """
            services:
              keep: {image: berth.local/busybox:latest, command: ["sleep", "600"]}
              gone: {image: berth.local/busybox:latest, command: ["sleep", "600"]}
            """
        let folder = try project(daemon, "orphans", both)
        let name = "orp\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, folder, ["down", "-t", "1", "--remove-orphans", "-p", name]) }
        try #require(try berth(daemon, folder, ["up", "-d", "-p", name]).status == 0)
        try both.replacingOccurrences(of: "  gone:", with: "  # gone:").write(
            toFile: folder + "/compose.yaml", atomically: true, encoding: .utf8)
        let up = try berth(daemon, folder, ["up", "-d", "-p", name])
        #expect(up.status == 0)
        // docker compose: "Found orphan containers ([NAME-gone-1]) for this project."
        #expect(up.error.contains("orphan") && up.error.contains("\(name)-gone-1"), "\(up.error)")
        #expect(try containers(daemon, project: name)["\(name)-gone-1"] != nil)
        let removing = try berth(daemon, folder, ["up", "-d", "--remove-orphans", "-p", name])
        #expect(removing.status == 0)
        #expect(try containers(daemon, project: name).keys.sorted() == ["\(name)-keep-1"])
    }

    @Test("an error in the compose file names file, line and column and changes nothing")
    func badFileChangesNothing() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let folder = try project(
            daemon, "broken",
            """
            services:
              web:
                image: berth.local/busybox:latest
                ports: ["not-a-port"]
            networks:
              extra: {}
            """)
        let name = "bad\(UUID().uuidString.prefix(5).lowercased())"
        let up = try berth(daemon, folder, ["up", "-d", "-p", name])
        #expect(up.status != 0)
        #expect(up.error.contains("compose.yaml:4:"), "\(up.error)")
        #expect(try leftovers(daemon, project: name) == [])
    }

    @Test("an up killed halfway (SIGKILL of the CLI) converges when run again")
    func killedUpConverges() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let folder = daemon.folder + "/webapp"
        try FileManager.default.copyItem(atPath: DaemonFixture.repository + "/samples/webapp", toPath: folder)
        let name = "kil\(UUID().uuidString.prefix(5).lowercased())"
        let port = String(Int.random(in: 20000...40000))
        defer { _ = try? berth(daemon, folder, ["down", "-v", "-t", "1", "-p", name], env: ["WEB_PORT": port]) }
        let up = Process()
        up.executableURL = daemon.berth
        up.arguments = ["up", "-d", "-p", name]
        up.currentDirectoryURL = URL(fileURLWithPath: folder)
        up.environment = ProcessInfo.processInfo.environment.merging([
            "BERTH_HOST": "unix://" + daemon.socket, "WEB_PORT": port,
        ]) { $1 }
        up.standardOutput = FileHandle.nullDevice
        up.standardError = FileHandle.nullDevice
        try up.run()
        // The worker's health check gates the api: after 0.8 s the up is waiting halfway.
        Thread.sleep(forTimeInterval: 0.8)
        kill(up.processIdentifier, SIGKILL)
        up.waitUntilExit()
        let again = try berth(daemon, folder, ["up", "-d", "-p", name], env: ["WEB_PORT": port])
        #expect(again.status == 0, "\(again.error)\n\(daemon.log)")
        let running = try berth(daemon, folder, ["ps", "--services", "--status", "running", "-p", name])
        #expect(running.output.split(separator: "\n").sorted() == ["api", "web", "worker"], "\(running.output)")
        #expect(try containers(daemon, project: name).count == 3, "no duplicate containers")
    }

    /// Starts `berth ARGS` in `folder` against the daemon, output to a pipe (ended by its pid).
    private func start(_ daemon: DaemonFixture, _ folder: String, _ arguments: [String], env: [String: String] = [:])
        throws -> (process: Process, output: Pipe)
    {
        let process = Process()
        process.executableURL = daemon.berth
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(
            env.merging(["BERTH_HOST": "unix://" + daemon.socket]) { $1 }
        ) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, output)
    }

    @Test("attached up: prefixed logs, --abort-on-container-exit returns the first exit code and stops the rest")
    func attachedUpAbortsOnExit() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let folder = try project(
            daemon, "attached",
            """
            services:
              job:
                image: berth.local/busybox:latest
                command: ["sh", "-c", "echo hello from job; sleep 2; exit 3"]
              server:
                image: berth.local/busybox:latest
                command: ["sh", "-c", "trap 'exit 0' TERM; echo serving; while true; do sleep 1; done"]
            """)
        let name = "att\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, folder, ["down", "-t", "1", "-p", name]) }
        let up = try berth(daemon, folder, ["up", "--abort-on-container-exit", "-t", "2", "-p", name])
        // docker compose: exit code of the first container that exits; "Aborting on container exit...".
        #expect(up.status == 3, "\(up.output)\(up.error)")
        #expect(up.output.contains("\(name)-job-1") && up.output.contains("| hello from job"), "\(up.output)")
        #expect(up.error.contains("\(name)-job-1 exited with code 3"), "\(up.error)")
        let server = try daemon.docker(["inspect", "-f", "{{.State.Status}}", "\(name)-server-1"])
        #expect(server.output == "exited\n", "the other container was stopped")
    }

    @Test("attached up: the first Ctrl-C stops the containers gracefully")
    func attachedUpStopsOnInterrupt() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let folder = try project(
            daemon, "interrupt",
            """
            services:
              server:
                image: berth.local/busybox:latest
                command: ["sh", "-c", "trap 'echo got TERM; exit 0' TERM; while true; do sleep 0.2; done"]
            """)
        let name = "int\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, folder, ["down", "-t", "1", "-p", name]) }
        let (up, output) = try start(daemon, folder, ["up", "-p", name])
        var running = false
        for _ in 0..<100 where !running {
            usleep(100_000)
            running =
                (try? daemon.docker(["inspect", "-f", "{{.State.Running}}", "\(name)-server-1"]))?.output == "true\n"
        }
        try #require(running, "the container did not start")
        usleep(500_000)
        kill(up.processIdentifier, SIGINT)
        up.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("Gracefully stopping..."), "\(text)")
        #expect(up.terminationStatus == 130)
        let state = try daemon.docker(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "\(name)-server-1"])
        #expect(state.output == "exited 0\n", "stopped with SIGTERM (its trap exits 0): \(state.output)")
    }

    @Test("logs -f keeps following when up recreates a container, and up --wait waits for health")
    func logsFollowRecreatedContainer() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        func file(_ generation: Int) -> String {
            """
            services:
              app:
                image: berth.local/busybox:latest
                command: ["sh", "-c", "echo generation $$GEN; sleep 1; touch /tmp/ready; while true; do sleep 1; done"]
                environment: {GEN: "\(generation)"}
                healthcheck: {test: ["CMD", "test", "-e", "/tmp/ready"], interval: 500ms, retries: 20}
            """
        }
        let folder = try project(daemon, "follow", file(1))
        let name = "fol\(UUID().uuidString.prefix(5).lowercased())"
        defer { _ = try? berth(daemon, folder, ["down", "-t", "1", "-p", name]) }
        let first = try berth(daemon, folder, ["up", "--wait", "-p", name])
        #expect(first.status == 0, "\(first.error)")
        let health = try daemon.docker(["inspect", "-f", "{{.State.Health.Status}}", "\(name)-app-1"])
        #expect(health.output == "healthy\n", "up --wait returned before the service was healthy")
        let (logs, output) = try start(daemon, folder, ["logs", "-f", "-p", name])
        defer {
            if logs.isRunning { kill(logs.processIdentifier, SIGTERM) }
            logs.waitUntilExit()
        }
        try file(2).write(toFile: folder + "/compose.yaml", atomically: true, encoding: .utf8)
        #expect(try berth(daemon, folder, ["up", "-d", "-p", name]).status == 0)
        Thread.sleep(forTimeInterval: 3)
        kill(logs.processIdentifier, SIGTERM)
        logs.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("generation 1") && text.contains("generation 2"), "\(text)")
    }
}
