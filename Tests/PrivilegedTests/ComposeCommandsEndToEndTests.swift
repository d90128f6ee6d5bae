import Foundation
import Testing

/// The compose commands beyond up/down, run as a user runs them against a berth daemon of the test's own.
@Suite("End to end: berth run, exec, scale, ls, port", .privileged, .serialized)
struct ComposeCommandsEndToEndTests {
    /// A project folder with a compose file; `down -v` and the firewall clean-up run in `close()`.
    final class Project {
        let daemon: DaemonFixture
        let name = "e2e\(UUID().uuidString.prefix(6).lowercased())"
        let folder: String
        let port = Int.random(in: 20000...40000)

        init(_ yaml: String) throws {
            daemon = try DaemonFixture()
            folder = daemon.folder + "/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let text = yaml.replacingOccurrences(of: "PORT", with: String(port))
            try text.write(toFile: folder + "/compose.yaml", atomically: true, encoding: .utf8)
        }

        func berth(_ arguments: [String], environment: [String: String] = [:], input: Data? = nil) throws -> (
            status: Int32, output: String, error: String
        ) {
            // -p goes right after the command: after SERVICE, exec and run hand everything to the command.
            let command = arguments.first == "compose" ? 2 : 1
            return try daemon.berth(
                Array(arguments.prefix(command)) + ["-p", name] + arguments.dropFirst(command), in: folder,
                environment: environment, input: input)
        }

        func close() {
            let bridges =
                (try? daemon.docker(["network", "ls", "-q", "--filter", "label=com.docker.compose.project"]))?
                .output.split(separator: "\n").map { "br-" + $0.prefix(12) } ?? []
            _ = try? berth(["down", "-v", "-t", "1"])
            FirewallLeftovers.remove(matching: bridges + ["--dport \(port) "])
            daemon.close()
        }
    }

    static let app = """
        services:
          app:
            image: berth.local/busybox
            command: ["sleep", "300"]
            depends_on: [db]
          db:
            image: berth.local/busybox
            command: ["sleep", "300"]
        """

    @Test("run --rm streams the output, returns the exit code, starts dependencies and removes the container")
    func runRemove() throws {
        let project = try Project(Self.app)
        defer { project.close() }
        let run = try project.berth(["run", "--rm", "app", "sh", "-c", "echo out; echo err >&2; exit 7"])
        #expect(run.status == 7, "\(run.error)\n\(project.daemon.log)")
        #expect(run.output == "out\n")
        #expect(run.error.contains("err"))
        let services = try project.berth(["ps", "--services"])
        #expect(services.output == "db\n", "dependencies run, the one-off is gone: \(services.output)")
        let oneOffs = try project.daemon.docker(["ps", "-a", "-q", "--filter", "label=com.docker.compose.oneoff=True"])
        #expect(oneOffs.output.isEmpty)
    }

    @Test("run -d names and labels the one-off like Compose; up neither counts it as an orphan nor touches it")
    func runDetached() throws {
        let project = try Project(Self.app)
        defer { project.close() }
        let run = try project.berth(["run", "-d", "--no-deps", "-e", "MODE=test", "app", "sleep", "3600"])
        #expect(run.status == 0, "\(run.error)")
        let id = run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let format = #"{{.Name}} {{index .Config.Labels "com.docker.compose.oneoff"}} {{.State.Status}}"#
        let inspect = try project.daemon.docker(["inspect", "--format", format, id]).output
        let pattern = #"^/\#(project.name)-app-run-[0-9a-f]{12} True running$"#
        #expect(
            inspect.trimmingCharacters(in: .whitespacesAndNewlines).range(of: pattern, options: .regularExpression)
                != nil, "\(inspect)")
        #expect(try project.berth(["ps", "--services"]).output == "app\n", "--no-deps starts no dependency")
        let up = try project.berth(["up", "-d"])
        #expect(up.status == 0, "\(up.error)")
        #expect(!up.error.contains("orphan"), "\(up.error)")
        let after = try project.daemon.docker(["inspect", "--format", "{{.State.Status}}", id]).output
        #expect(after.trimmingCharacters(in: .whitespacesAndNewlines) == "running")
        let env = try project.daemon.docker(["exec", id, "sh", "-c", "echo $MODE"]).output
        #expect(env == "test\n")
    }

    @Test("exec returns the command's exit code and honours -e, -w and --index")
    func exec() throws {
        let project = try Project(Self.app)
        defer { project.close() }
        #expect(try project.berth(["up", "-d", "--scale", "app=2"]).status == 0)
        let exec = try project.berth([
            "exec", "-T", "-e", "X=42", "-w", "/tmp", "app", "sh", "-c", "echo $X; pwd; exit 3",
        ])
        #expect(exec.status == 3, "\(exec.error)")
        #expect(exec.output == "42\n/tmp\n")
        let second = try project.berth(["exec", "-T", "--index", "2", "app", "hostname"])
        let id = try project.daemon.docker(["exec", "\(project.name)-app-2", "hostname"])
        #expect(second.status == 0 && second.output == id.output, "\(second)")
        let missing = try project.berth(["exec", "-T", "--index", "5", "app", "true"])
        #expect(missing.status != 0 && missing.error.contains("is not running container #5"))
    }

    @Test("events --json replays the project's container events between --since and --until")
    func events() throws {
        let project = try Project(Self.app)
        defer { project.close() }
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        #expect(try project.berth(["up", "-d"]).status == 0)
        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let events = try project.berth(["events", "--json", "--since", since, "--until", until, "db"])
        #expect(events.status == 0, "\(events.error)")
        let objects = events.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.contains { $0["action"] as? String == "start" }, "\(events.output)")
        #expect(objects.allSatisfy { $0["service"] as? String == "db" && $0["type"] as? String == "container" })
    }

    static let scaled = """
        services:
          web:
            image: berth.local/busybox
            command: ["sleep", "300"]
          front:
            image: berth.local/busybox
            command: ["sleep", "300"]
            ports: ["127.0.0.1:PORT:8080"]
        """

    @Test("scale 3 then 1 keeps the lowest numbers; ls lists the project; port prints the binding")
    func scaleListPort() throws {
        let project = try Project(Self.scaled)
        defer { project.close() }
        #expect(try project.berth(["up", "-d"]).status == 0)
        let up = try project.berth(["scale", "web=3"])
        #expect(up.status == 0, "\(up.error)")
        let three = try names(project, "web")
        #expect(three == (1...3).map { "\(project.name)-web-\($0)" }, "\(three)")
        let down = try project.berth(["compose", "scale", "web=1"])
        #expect(down.status == 0, "\(down.error)")
        let one = try names(project, "web")
        #expect(one == ["\(project.name)-web-1"], "\(one)")
        let port = try project.berth(["port", "front", "8080"])
        #expect(port.output == "127.0.0.1:\(project.port)\n", "\(port.error)")
        let udp = try project.berth(["port", "--protocol", "udp", "front", "8080"])
        #expect(udp.status != 0 && udp.error.contains("no port 8080/udp"))
        let table = try project.daemon.berth(["ls"]).output
        #expect(table.hasPrefix("NAME") && table.contains(project.name) && table.contains("running(2)"), "\(table)")
        let json = try project.daemon.berth(["ls", "--format", "json"]).output
        let stacks = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]
        let stack = stacks?.first { $0["Name"] == project.name }
        #expect(stack?["ConfigFiles"] == project.folder + "/compose.yaml", "\(json)")
        #expect(try project.berth(["stop", "-t", "1"]).status == 0)
        #expect(!(try project.daemon.berth(["ls", "-q"]).output.contains(project.name)))
        #expect(try project.daemon.berth(["ls", "-a", "-q"]).output.contains(project.name))
    }

    private func names(_ project: Project, _ service: String) throws -> [String] {
        let listed = try project.daemon.docker(["ps", "--format", "{{.Names}}"])
        return listed.output.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("\(project.name)-\(service)-")
        }.sorted()
    }
}

/// Deletes rules in berth's iptables chains that name one of `tokens` (the test's bridges and port), in
/// case the daemon left any; the chains themselves are shared with any other berth daemon and stay.
enum FirewallLeftovers {
    static func remove(matching tokens: [String]) {
        let chains = [
            ("nat", "BERTH-DNAT"), ("nat", "BERTH-POST"), ("filter", "BERTH-FWD"), ("filter", "BERTH-ISO1"),
            ("filter", "BERTH-ISO2"),
        ]
        for (table, chain) in chains {
            guard let listed = try? DaemonFixture.run("/usr/sbin/iptables", ["-w", "-t", table, "-S", chain]) else {
                continue
            }
            for line in listed.output.split(separator: "\n") where line.hasPrefix("-A ") {
                guard tokens.contains(where: { (line + " ").contains($0) }) else { continue }
                let arguments = line.dropFirst(3).split(separator: " ").map(String.init)
                _ = try? DaemonFixture.run("/usr/sbin/iptables", ["-w", "-t", table, "-D"] + arguments)
            }
        }
    }
}
