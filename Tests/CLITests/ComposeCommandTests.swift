import APIClient
import EngineAPI
import Foundation
import Planner
import Testing

@testable import berth_cli

/// The new compose commands: flag checks run as a user runs them, and the pure pieces (tables, JSON,
/// port and volume syntax, event lines) called directly.
@Suite struct ComposeCommandTests {
    static let sample = ConfigCommandTests.sample

    @Test func everyProjectCommandExistsUnderBerthAndUnderCompose() throws {
        let names = ["exec", "run", "create", "top", "port", "images", "ls", "wait", "scale", "pull", "push", "events"]
        for prefix in [[], ["compose"]] {
            let help = try Berth.run(prefix + ["--help"]).output
            for name in names { #expect(help.contains("  \(name) "), "\(prefix) --help lacks \(name)") }
        }
    }

    @Test func runRejectsServicePortsWithPublish() throws {
        let result = try Berth.run(["run", "-f", Self.sample, "--service-ports", "--publish", "80", "web"])
        #expect(result.status != 0)
        #expect(result.error.contains("--service-ports and --publish are incompatible"))
    }

    @Test func execNeedsACommand() throws {
        let result = try Berth.run(["exec", "-f", Self.sample, "web"])
        #expect(result.status != 0)
        #expect(result.error.contains("exec needs SERVICE and COMMAND"))
    }

    @Test func portNeedsANumber() throws {
        let result = try Berth.run(["compose", "port", "-f", Self.sample, "web", "http"])
        #expect(result.status != 0)
        #expect(result.error.contains("PRIVATE_PORT \"http\" is not a port number"))
    }

    @Test func scaleNeedsServiceEqualsNumber() throws {
        let result = try Berth.run(["scale", "-f", Self.sample, "web=three"])
        #expect(result.status != 0)
        #expect(result.error.contains("scale web=three: expected SERVICE=NUM"))
    }

    @Test func versionPrintsJSON() throws {
        let result = try Berth.run(["compose", "version", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: String]
        #expect(object?["version"]?.isEmpty == false)
    }

    @Test func execArgumentsAfterTheServiceBelongToTheCommand() throws {
        let command = try ExecCommand.parse(["-T", "-e", "A=1", "web", "sh", "-c", "exit 3"])
        #expect(command.service == "web")
        #expect(command.command == ["sh", "-c", "exit 3"])
        #expect(command.noTTY && command.env == ["A=1"])
    }

    @Test func bareEnvironmentNamesTakeBerthsValue() {
        let resolved = ExecCommand.resolve(["A=1", "HOME", "UNSET_X"], from: ["HOME": "/root"])
        #expect(resolved == ["A=1", "HOME=/root", "UNSET_X"])
    }

    @Test func publishSyntaxReadsAddressHostAndProtocol() throws {
        let port = try #require(try RunCommand.port("127.0.0.1:8080:80/udp").first)
        #expect(port.hostIP == "127.0.0.1" && port.published == "8080" && port.target == 80)
        #expect(port.protocol == "udp")
        let bare = try #require(try RunCommand.port("9000").first)
        #expect(bare.published == nil && bare.target == 9000 && bare.protocol == "tcp")
        #expect(throws: (any Error).self) { try RunCommand.port("80:http") }
    }

    @Test func volumeSyntaxTellsBindsFromNamedVolumes() throws {
        let bind = try RunCommand.volume("./data:/data:ro", in: "/srv/app")
        #expect(bind.type == "bind" && bind.source == "/srv/app/data" && bind.target == "/data")
        #expect(bind.readOnly == true)
        let named = try RunCommand.volume("cache:/cache", in: "/srv/app")
        #expect(named.type == "volume" && named.source == "cache")
        let anonymous = try RunCommand.volume("/scratch", in: "/srv/app")
        #expect(anonymous.type == "volume" && anonymous.source == nil && anonymous.target == "/scratch")
    }

    @Test func oneOffNamesFollowCompose() {
        let slug = RunCommand.randomSlug()
        #expect(slug.count == 64 && slug.allSatisfy(\.isHexDigit))
        #expect(
            OneOffOptions.containerName(project: "app", service: "web", slug: slug) == "app-web-run-" + slug.prefix(12))
    }

    @Test func lsCountsStatesAndJoinsConfigFiles() {
        let containers = [
            Self.summary("a1", project: "alpha", state: "running", files: "/a/compose.yaml"),
            Self.summary("a2", project: "alpha", state: "exited", files: "/a/compose.yaml,/a/override.yaml"),
            Self.summary("a3", project: "alpha", state: "running", files: "/a/compose.yaml"),
            Self.summary("b1", project: "beta", state: "running", files: "/b/compose.yaml"),
        ]
        #expect(
            ListCommand.stacks(of: containers) == [
                ListCommand.Stack(
                    Name: "alpha", Status: "exited(1), running(2)", ConfigFiles: "/a/compose.yaml,/a/override.yaml"),
                ListCommand.Stack(Name: "beta", Status: "running(1)", ConfigFiles: "/b/compose.yaml"),
            ])
    }

    @Test func portPrintsTheBindingOrListsTheContainersPorts() throws {
        var container = Self.summary("w1", project: "app", state: "running", files: "")
        container.ports = [
            EngineAPI.Port(ip: "127.0.0.1", privatePort: 80, publicPort: 8080, type: "tcp"),
            EngineAPI.Port(privatePort: 53, type: "udp"),
        ]
        #expect(try PortCommand.address(of: container, port: 80, protocol: "tcp") == "127.0.0.1:8080")
        #expect(throws: (any Error).self) { try PortCommand.address(of: container, port: 80, protocol: "udp") }
    }

    @Test func topPutsServiceAndReplicaFirstAndCommandLast() throws {
        var container = Self.summary("w1", project: "app", state: "running", files: "")
        container.labels?[Labels.service] = "web"
        container.labels?[Labels.containerNumber] = "2"
        let top = ContainerTopResponse(titles: ["PID", "CMD", "USER"], processes: [["7", "sh", "root"]])
        let rows = try #require(TopCommand.rows([(container, top)]))
        #expect(rows == [["SERVICE", "#", "PID", "USER", "CMD"], ["web", "2", "7", "root", "sh"]])
        #expect(TopCommand.rows([]) == nil)
    }

    @Test func eventsLeaveOutOneOffContainersAndComposeLabels() throws {
        let attributes = [Labels.service: "web", Labels.project: "app", "name": "app-web-1", "image": "busybox"]
        let start = EngineEventMessage(
            type: "container", action: "start", actorID: "abc", attributes: attributes,
            timeNano: 1_700_000_000_000_000_000)
        let line = try #require(try EventsCommand.render(start, services: [], json: false))
        #expect(line.hasSuffix(" container start abc (image=busybox, name=app-web-1)"))
        let json = try #require(try EventsCommand.render(start, services: ["web"], json: true))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["service"] as? String == "web" && object?["action"] as? String == "start")
        #expect((object?["attributes"] as? [String: String])?.keys.sorted() == ["image", "name"])
        var oneOff = start
        oneOff.attributes[Labels.oneoff] = "True"
        #expect(try EventsCommand.render(oneOff, services: [], json: false) == nil)
        #expect(try EventsCommand.render(start, services: ["db"], json: false) == nil)
    }

    @Test func sizesAreDockersDecimalUnits() {
        #expect(HumanUnits.size(4_261_000) == "4.26MB")
        #expect(HumanUnits.size(999) == "999B")
    }

    static func summary(_ id: String, project: String, state: String, files: String) -> ContainerSummary {
        ContainerSummary(
            id: id, names: ["/\(project)-\(id)"],
            labels: [Labels.project: project, Labels.configFiles: files, Labels.configHash: "h"], state: state)
    }
}
