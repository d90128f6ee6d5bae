import EngineAPI
import Foundation
import Testing

@testable import QuickRun
@testable import berth_cli

/// The quick path (`berth` itself) must send what the full CLI (berth-cli) sends for the same
/// arguments, and leave to the full CLI whatever it does not take.
@Suite struct QuickRunRequestTests {
    static let environment = ["FROM_SHELL": "yes"]

    /// Argument lists (after `container run`) the quick path takes.
    static let runs: [[String]] = [
        ["--rm", "--network", "none", "busybox", "true"],
        ["busybox"],
        ["-d", "busybox"],
        ["--rm", "-d", "--name", "web", "busybox", "httpd", "-f"],
        ["--name=web", "--network=appnet", "busybox", "ls", "-l", "-e", "/"],
        ["-e", "A=1", "--env", "FROM_SHELL", "-e", "UNSET", "-e", "B=x=y", "busybox", "env"],
        ["-u", "1000:1000", "-w", "/tmp", "--entrypoint", "", "-h", "box", "busybox", "id"],
        ["--user", "nobody", "--workdir", "/", "--entrypoint", "sh", "--hostname", "h", "busybox", "-c", "true"],
        ["-l", "a=1", "--label", "b", "-l", "a=2", "-l", "=v", "busybox"],
        ["--cap-add", "NET_ADMIN", "--cap-drop", "ALL", "--cap-add", "SYS_TIME", "--pids-limit", "10", "busybox"],
        ["--stop-signal", "INT", "--stop-timeout", "3", "--init", "--read-only", "--privileged", "busybox"],
        ["--stop-signal", "TERM", "--network", "container:abc", "busybox"],
        ["-H", "unix:///tmp/x.sock", "--no-autostart", "--network", "host", "busybox", "--rm"],
        ["--host", "unix:///tmp/x.sock", "--network", "bridge", "busybox", "sh", "-c", "echo \"q\" \\ é\n"],
    ]

    private func fullRun(_ arguments: [String]) throws -> ContainerCreateRequest {
        try ContainerRunCommand.parse(arguments).createRequest(context: ContainerRequestTests.context)
    }

    /// The quick path's body as the daemon reads it.
    private func sent(_ quick: QuickArguments) throws -> ContainerCreateRequest {
        try JSONDecoder().decode(
            ContainerCreateRequest.self, from: Data(quick.createBody(environment: Self.environment).serialized()))
    }

    @Test(arguments: runs) func runSendsWhatTheFullCLISends(_ arguments: [String]) throws {
        let quick = try #require(QuickArguments.parse(["container", "run"] + arguments))
        #expect(try sent(quick) == (try fullRun(arguments)))
    }

    @Test(arguments: runs.filter { !$0.contains("--rm") && !$0.contains("-d") })
    func createSendsWhatTheFullCLISends(_ arguments: [String]) throws {
        let quick = try #require(QuickArguments.parse(["container", "create"] + arguments))
        let command = try ContainerCreateCommand.parse(arguments)
        let full = try command.options.createRequest(
            publish: command.publish, attached: false, context: ContainerRequestTests.context)
        #expect(try sent(quick) == full)
    }

    /// The wire text itself, for the benchmark's command.
    @Test func theBodyOfRunRmNetworkNoneTrue() throws {
        let quick = try #require(
            QuickArguments.parse(["container", "run", "--rm", "--network", "none", "busybox", "true"]))
        let text = String(decoding: quick.createBody(environment: [:]).serialized(), as: UTF8.self)
        #expect(
            text
                == #"{"Image":"busybox","Cmd":["true"],"StopTimeout":10,"Tty":false,"OpenStdin":false,"StdinOnce":false,"#
                + #""AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"#
                + #""HostConfig":{"NetworkMode":"none","AutoRemove":true}}"#)
    }

    @Test func leavesEverythingElseToTheFullCLI() {
        let others: [[String]] = [
            ["container", "run", "-it", "busybox"], ["container", "run", "-i", "busybox"],
            ["container", "run", "--memory", "1g", "busybox"], ["container", "run", "-v", "/a:/b", "busybox"],
            ["container", "run", "-p", "80:80", "busybox"], ["container", "run", "--help"],
            ["container", "run", "--rm"], ["container", "run", "--name"], ["container", "run", "--name", "-x", "b"],
            ["container", "run", "--pids-limit", "ten", "busybox"], ["container", "run", "--", "busybox"],
            ["container", "run", "--root", "/x", "--rootfs", "/r", "true"], ["container", "create", "--rm", "b"],
            ["container", "create", "-d", "b"], ["container", "run", "--rm=true", "b"], ["container", "ls"],
            ["run", "busybox"], ["compose", "up"], ["daemon"], [], ["container", "run", "-l", "", "b"],
        ]
        for words in others {
            #expect(QuickArguments.parse(words) == nil, "\(words)")
            #expect(QuickRun.attempt(words, environment: [:]) == .fullCLI, "\(words)")
        }
    }

    @Test func picksTheEngineAsTheFullCLIDoes() {
        #expect(QuickRun.socketPath(nil, [:]) == "/run/berth/berth.sock")
        #expect(QuickRun.socketPath(nil, ["DOCKER_HOST": "unix:///d.sock"]) == "/d.sock")
        #expect(QuickRun.socketPath(nil, ["BERTH_HOST": "/b.sock", "DOCKER_HOST": "unix:///d.sock"]) == "/b.sock")
        #expect(QuickRun.socketPath(nil, ["BERTH_HOST": "", "DOCKER_HOST": "unix:///d.sock"]) == "/d.sock")
        #expect(QuickRun.socketPath("unix:///h.sock", ["BERTH_HOST": "/b.sock"]) == "/h.sock")
        // TCP (and TLS) engines are the full CLI's.
        #expect(QuickRun.socketPath(nil, ["DOCKER_HOST": "tcp://127.0.0.1:2375"]) == nil)
        let words = ["container", "run", "-H", "tcp://127.0.0.1:1", "busybox", "true"]
        #expect(QuickRun.attempt(words, environment: [:]) == .fullCLI)
    }

    /// No engine answers: nothing was made, so the full CLI runs (it starts a daemon or says why not).
    @Test func noEngineMeansTheFullCLI() {
        let socket = NSTemporaryDirectory() + "berth-quick-\(UUID().uuidString.prefix(8)).sock"
        let words = ["container", "run", "--rm", "-H", "unix://" + socket, "busybox", "true"]
        #expect(QuickRun.attempt(words, environment: [:]) == .fullCLI)
    }
}
