import Foundation
import Testing

@Suite(
    "Real clients against berth daemon: docker run -it, docker-compose v1, the Python SDK",
    .enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct DockerClientTests {
    @Test("docker run -it through a pty runs a shell that echoes, sees the terminal's size and exits 3")
    func interactiveTerminal() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        try #require(FileManager.default.fileExists(atPath: "/usr/bin/script"), "needs util-linux's script (bsdutils)")
        // script gives the docker CLI a terminal (31x101, which the CLI sends as a resize right after
        // the start, as with dockerd: the shell waits a little before it asks for the size); the input
        // stays open until the container has ended.
        let run = try terminal(
            daemon, input: "echo hi-from-tty; sleep 2; stty size; exit 3",
            command: "docker run -it --rm berth.local/busybox sh", rows: 31, columns: 101)
        #expect(run.status == 3, "exit \(run.status): \(run.output)\(run.error)\n\(daemon.log)")
        #expect(run.output.contains("hi-from-tty"), "\(run.output)")
        #expect(run.output.contains("31 101"), "the container's pty has the client's size: \(run.output)")
        #expect(try daemon.docker(["ps", "-a", "-q"]).output.isEmpty, "--rm removes the container")
    }

    @Test("docker exec -it gets a pty of the client's size and returns the exit code")
    func interactiveExec() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let name = "it\(UUID().uuidString.prefix(6).lowercased())"
        let started = try daemon.docker(["run", "-d", "--name", name, "berth.local/busybox", "sleep", "3600"])
        try #require(started.status == 0, "\(started.error)")
        let run = try terminal(
            daemon, input: "stty size; exit 5", command: "docker exec -it \(name) sh", rows: 33, columns: 99)
        #expect(run.status == 5, "exit \(run.status): \(run.output)\(run.error)")
        #expect(run.output.contains("33 99"), "\(run.output)")
        _ = try daemon.docker(["rm", "-f", name])
    }

    @Test("docker run -it and exec -it: the terminal is a node of the container's own devpts")
    func terminalOfTheContainer() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        // The typed line is echoed too: found-$((40+2)) reads found-42 only in the shell's output.
        let probe = "tty; test -e $(tty) && echo found-$((40+2)); echo via-dev-tty-$((1+1)) > /dev/tty"
        let run = try terminal(
            daemon, input: probe + "; exit 3", command: "docker run -it --rm berth.local/busybox sh", rows: 31,
            columns: 101)
        #expect(run.status == 3, "exit \(run.status): \(run.output)\(run.error)\n\(daemon.log)")
        #expect(run.output.contains("/dev/pts/") && !run.output.contains("not a tty"), "\(run.output)")
        #expect(run.output.contains("found-42"), "\(run.output)")
        #expect(run.output.contains("via-dev-tty-2"), "\(run.output)")
        let name = "it\(UUID().uuidString.prefix(6).lowercased())"
        let started = try daemon.docker(["run", "-d", "--name", name, "berth.local/busybox", "sleep", "3600"])
        try #require(started.status == 0, "\(started.error)")
        defer { _ = try? daemon.docker(["rm", "-f", name]) }
        let exec = try terminal(
            daemon, input: probe + "; stty size; exit 5", command: "docker exec -it \(name) sh", rows: 33, columns: 99)
        #expect(exec.status == 5, "exit \(exec.status): \(exec.output)\(exec.error)")
        #expect(exec.output.contains("/dev/pts/") && !exec.output.contains("not a tty"), "\(exec.output)")
        #expect(exec.output.contains("found-42"), "\(exec.output)")
        #expect(exec.output.contains("via-dev-tty-2"), "\(exec.output)")
        #expect(exec.output.contains("33 99"), "\(exec.output)")
    }

    /// Runs `command` under `script` (a pty of `rows` x `columns`), typing `input` two seconds later.
    private func terminal(_ daemon: DaemonFixture, input: String, command: String, rows: Int, columns: Int) throws
        -> (status: Int32, output: String, error: String)
    {
        try #require(FileManager.default.fileExists(atPath: "/usr/bin/script"), "needs util-linux's script (bsdutils)")
        let line =
            "(sleep 2; printf '\(input)\\n'; sleep 4) | "
            + "script -qefc 'stty rows \(rows) cols \(columns); \(command)' /dev/null"
        return try DaemonFixture.run(
            "/bin/sh", ["-c", line], environment: ["DOCKER_HOST": "unix://" + daemon.socket, "TERM": "xterm"])
    }

    @Test("docker run -i passes stdin to a container without a tty, and its end ends the container's input")
    func interactivePipe() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let run = try DaemonFixture.run(
            "/bin/sh", ["-c", "printf 'line one\\nline two\\n' | docker run -i --rm berth.local/busybox wc -l"],
            environment: ["DOCKER_HOST": "unix://" + daemon.socket])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(run.output)")
    }

    @Test("docker-compose 1.29 (Python) brings a project up, lists, logs, execs and takes it down")
    func composeV1() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        try #require(FileManager.default.fileExists(atPath: "/usr/bin/docker-compose"), "needs Debian's docker-compose")
        let project = daemon.folder + "/v1project"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        let file = """
            version: "3.8"
            services:
              web:
                image: berth.local/busybox
                command: sh -c "echo web is up; sleep 300"
                volumes: [data:/data]
              worker:
                image: berth.local/busybox
                command: sh -c "echo worker is up; sleep 300"
                depends_on: [web]
            volumes:
              data: {}
            """
        try file.write(toFile: project + "/docker-compose.yml", atomically: false, encoding: .utf8)
        let name = "v1\(UUID().uuidString.prefix(6).lowercased())"
        func compose(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
            try DaemonFixture.run(
                "/usr/bin/docker-compose", ["-p", name] + arguments,
                environment: ["DOCKER_HOST": "unix://" + daemon.socket], directory: project)
        }
        let up = try compose(["up", "-d"])
        try #require(up.status == 0, "\(up.output)\(up.error)\n\(daemon.log)")
        let ps = try compose(["ps"])
        #expect(
            ps.status == 0 && ps.output.contains("\(name)_web_1") && ps.output.contains("Up"), "\(ps.output)\(ps.error)"
        )
        usleep(500_000)
        let logs = try compose(["logs", "--no-color"])
        #expect(
            logs.output.contains("web is up") && logs.output.contains("worker is up"), "\(logs.output)\(logs.error)")
        let exec = try compose(["exec", "-T", "web", "sh", "-c", "echo exec-ok; ls -d /data"])
        #expect(
            exec.status == 0 && exec.output.contains("exec-ok") && exec.output.contains("/data"),
            "\(exec.output)\(exec.error)")
        let down = try compose(["down", "-v", "-t", "1"])
        #expect(down.status == 0, "\(down.output)\(down.error)")
        #expect(try daemon.docker(["ps", "-a", "-q"]).output.isEmpty)
        #expect(!(try daemon.docker(["volume", "ls", "-q"]).output.contains(name)))
        #expect(!(try daemon.docker(["network", "ls"]).output.contains(name)))
    }

    @Test("the Python Docker SDK (Debian's python3-docker) runs, reads logs, execs and manages networks")
    func pythonSDK() throws {
        let daemon = try DaemonFixture()
        defer { daemon.close() }
        let check = try DaemonFixture.run("/usr/bin/python3", ["-c", "import docker"])
        try #require(check.status == 0, "needs Debian's python3-docker: \(check.error)")
        let script = """
            import sys, time, docker
            client = docker.DockerClient(base_url=sys.argv[1])
            out = client.containers.run("berth.local/busybox", ["echo", "sdk hello"], remove=True)
            assert out == b"sdk hello\\n", out
            network = client.networks.create(sys.argv[2])
            container = client.containers.run(
                "berth.local/busybox", ["sh", "-c", "echo started; sleep 3600"], detach=True,
                network=sys.argv[2], name=sys.argv[3])
            for _ in range(50):
                if b"started" in container.logs():
                    break
                time.sleep(0.1)
            assert b"started" in container.logs(), container.logs()
            code, out = container.exec_run(["sh", "-c", "echo exec; exit 4"])
            assert code == 4 and out == b"exec\\n", (code, out)
            assert sys.argv[2] in [n.name for n in client.networks.list()]
            container.reload()
            assert container.status == "running", container.status
            container.remove(force=True)
            network.remove()
            print("sdk ok")
            """
        let path = daemon.folder + "/sdk.py"
        try script.write(toFile: path, atomically: false, encoding: .utf8)
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let run = try DaemonFixture.run(
            "/usr/bin/python3", [path, "unix://" + daemon.socket, "sdknet\(suffix)", "sdk\(suffix)"])
        #expect(run.status == 0 && run.output.contains("sdk ok"), "\(run.output)\(run.error)\n\(daemon.log)")
    }
}
