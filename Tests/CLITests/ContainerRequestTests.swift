import EngineAPI
import Foundation
import Testing

@testable import berth_cli

/// `berth container run|create` flags → the body of `POST /containers/create`.
@Suite struct ContainerRequestTests {
    static var context: RequestContext {
        RequestContext(
            workingDirectory: "/home/me/app", environment: ["FROM_SHELL": "yes"],
            readFile: { path in
                guard path == "/profiles/strict.json" else { throw CocoaError(.fileNoSuchFile) }
                return #"{"defaultAction":"SCMP_ACT_ERRNO"}"#
            })
    }

    static func request(_ arguments: [String]) throws -> ContainerCreateRequest {
        try ContainerRunCommand.parse(arguments).createRequest(context: context)
    }

    static func failure(_ arguments: [String]) -> String {
        do {
            _ = try request(arguments)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func runRmNetworkNoneTrue() throws {
        let request = try Self.request(["--rm", "--network", "none", "busybox", "true"])
        #expect(request.config.image == "busybox")
        #expect(request.config.cmd == ["true"])
        #expect(request.config.entrypoint == nil)
        #expect(request.config.attachStdout == true && request.config.attachStderr == true)
        #expect(request.config.attachStdin == false)
        #expect(request.hostConfig?.networkMode == "none")
        #expect(request.networkingConfig == nil)
        #expect(request.hostConfig?.autoRemove == true, "the engine removes it, as for docker run --rm")
    }

    @Test func imageCommandKeepsItsOwnFlags() throws {
        let request = try Self.request(["busybox", "ls", "-l", "-e", "/"])
        #expect(request.config.cmd == ["ls", "-l", "-e", "/"])
        #expect(request.config.env == nil)
    }

    @Test func noCommandLeavesTheImagesCmd() throws {
        let request = try Self.request(["-d", "busybox"])
        #expect(request.config.cmd == nil)
        #expect(request.config.attachStdout == false)
        #expect(request.hostConfig?.networkMode == nil, "no --network: the engine's default network")
    }

    @Test func missingImageIsAnError() {
        #expect(Self.failure(["--rm"]).contains("IMAGE"))
    }

    @Test func processFields() throws {
        let request = try Self.request([
            "-e", "A=1", "-e", "FROM_SHELL", "-e", "UNSET", "-u", "nobody:nogroup", "-w", "/tmp", "--name", "web",
            "-h", "box", "-l", "tier=front", "-l", "flag", "--entrypoint", "/bin/sh", "--stop-signal", "INT",
            "--stop-timeout", "3", "-i", "-t", "busybox", "-c", "echo hi",
        ])
        let config = request.config
        #expect(config.env == ["A=1", "FROM_SHELL=yes"])
        #expect(config.user == "nobody:nogroup")
        #expect(config.workingDir == "/tmp")
        #expect(config.hostname == "box")
        #expect(config.labels == ["tier": "front", "flag": ""])
        #expect(config.entrypoint == ["/bin/sh"])
        #expect(config.cmd == ["-c", "echo hi"])
        #expect(config.stopSignal == "INT")
        #expect(config.stopTimeout == 3)
        #expect(config.tty == true && config.openStdin == true && config.attachStdin == true)
    }

    @Test func emptyEntrypointResetsTheImages() throws {
        #expect(try Self.request(["--entrypoint", "", "busybox", "true"]).config.entrypoint == [])
    }

    @Test func resources() throws {
        let host = try #require(
            try Self.request(["--memory", "64m", "--cpus", "1.5", "--pids-limit", "20", "busybox"]).hostConfig)
        #expect(host.memory == 64 << 20)
        #expect(host.nanoCpus == 1_500_000_000)
        #expect(host.pidsLimit == 20)
        #expect(Self.failure(["--memory", "lots", "busybox"]).contains("--memory"))
        #expect(Self.failure(["--cpus", "0", "busybox"]).contains("--cpus"))
    }

    @Test func security() throws {
        let host = try #require(
            try Self.request([
                "--cap-add", "NET_ADMIN", "--cap-drop", "ALL", "--privileged", "--read-only",
                "--security-opt", "no-new-privileges", "--security-opt", "seccomp=/profiles/strict.json", "busybox",
            ]).hostConfig)
        #expect(host.capAdd == ["NET_ADMIN"] && host.capDrop == ["ALL"])
        #expect(host.privileged == true && host.readonlyRootfs == true)
        #expect(host.securityOpt == ["no-new-privileges", #"seccomp={"defaultAction":"SCMP_ACT_ERRNO"}"#])
        let unconfined = try Self.request(["--security-opt", "seccomp=unconfined", "busybox"]).hostConfig
        #expect(unconfined?.securityOpt == ["seccomp=unconfined"])
        #expect(Self.failure(["--security-opt", "seccomp=/nope.json", "busybox"]).contains("/nope.json"))
    }

    @Test func volumesAndTmpfs() throws {
        let request = try Self.request([
            "-v", "/srv/data:/data:ro", "-v", "cache:/cache", "-v", "/scratch", "-v", "./conf:/etc/app", "--tmpfs",
            "/run:size=1m,mode=755", "--tmpfs", "/tmp", "busybox",
        ])
        #expect(request.hostConfig?.binds == ["/srv/data:/data:ro", "cache:/cache", "/home/me/app/conf:/etc/app"])
        #expect(request.config.volumes == ["/scratch": EmptyObject()])
        #expect(request.hostConfig?.tmpfs == ["/run": "size=1m,mode=755", "/tmp": ""])
        #expect(Self.failure(["-v", "/a:relative", "busybox"]).contains("absolute"))
        #expect(Self.failure(["-v", "/a::/b", "busybox"]).contains("-v /a::/b"))
        #expect(Self.failure(["--tmpfs", "run", "busybox"]).contains("--tmpfs"))
    }

    @Test func networks() throws {
        for mode in ["none", "host", "bridge", "container:web"] {
            let request = try Self.request(["--network", mode, "busybox"])
            #expect(request.hostConfig?.networkMode == mode)
            #expect(request.networkingConfig == nil)
        }
        let named = try Self.request(["--network", "backend", "busybox"])
        #expect(named.hostConfig?.networkMode == "backend")
        #expect(named.networkingConfig?.endpointsConfig?.keys.sorted() == ["backend"])
    }

    @Test func publishedPorts() throws {
        let request = try Self.request([
            "-p", "8080:80", "-p", "127.0.0.1:5353:53/udp", "-p", "9000", "-p", "127.0.0.1::7000", "-p",
            "[::1]:8443:443", "busybox",
        ])
        #expect(request.config.exposedPorts?.keys.sorted() == ["443/tcp", "53/udp", "7000/tcp", "80/tcp", "9000/tcp"])
        let bindings = try #require(request.hostConfig?.portBindings)
        #expect(bindings["80/tcp"] == [PortBinding(hostIP: "", hostPort: "8080")])
        #expect(bindings["53/udp"] == [PortBinding(hostIP: "127.0.0.1", hostPort: "5353")])
        #expect(bindings["9000/tcp"] == [PortBinding(hostIP: "", hostPort: "")])
        #expect(bindings["7000/tcp"] == [PortBinding(hostIP: "127.0.0.1", hostPort: "")])
        #expect(bindings["443/tcp"] == [PortBinding(hostIP: "::1", hostPort: "8443")])
    }

    @Test func publishedPortRanges() throws {
        let ports = try PublishedPort.parse("8000-8001:80-81")
        #expect(ports.map(\.key) == ["80/tcp", "81/tcp"])
        #expect(ports.map(\.binding.hostPort) == ["8000", "8001"])
        for bad in ["80:90:100:1", "0", "70000", "8000-8002:80-81", "80/icmp", "a:80", "[::1:80:80"] {
            #expect(throws: CommandError.self, "\(bad)") { try PublishedPort.parse(bad) }
        }
    }

    @Test func restartLogInitAndRemoval() throws {
        let host = try #require(
            try Self.request([
                "--restart", "on-failure:3", "--log-opt", "max-size=1m", "--log-opt", "max-file=2",
                "--init", "busybox",
            ]).hostConfig)
        #expect(host.restartPolicy == RestartPolicy(name: "on-failure", maximumRetryCount: 3))
        #expect(host.logConfig?.config == ["max-size": "1m", "max-file": "2"])
        #expect(host.`init` == true)
        #expect(
            try Self.request(["--restart", "unless-stopped", "busybox"]).hostConfig?.restartPolicy?.name
                == "unless-stopped")
        #expect(try Self.request(["busybox"]).hostConfig?.restartPolicy == nil)
        #expect(Self.failure(["--restart", "sometimes", "busybox"]).contains("--restart"))
        #expect(Self.failure(["--restart", "always:2", "busybox"]).contains("on-failure"))
    }

    @Test func wireShapeIsDockers() throws {
        let request = try Self.request(["--network", "none", "-p", "8080:80", "busybox", "true"])
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        #expect(json.contains(#""Image":"busybox""#))
        #expect(json.contains(#""NetworkMode":"none""#))
        #expect(json.contains(#""PortBindings":{"80\/tcp":[{"#))
        #expect(json.contains(#""ExposedPorts":{"80\/tcp":{}}"#))
    }

    @Test func createHasTheSameFlags() throws {
        let command = try ContainerCreateCommand.parse(["--name", "x", "-p", "80", "busybox", "true"])
        let request = try command.options.createRequest(
            publish: command.publish, attached: false, context: Self.context)
        #expect(request.config.cmd == ["true"])
        #expect(request.hostConfig?.portBindings?["80/tcp"] != nil)
        #expect(command.options.name == "x")
    }

    @Test func rootOrRootfsChoosesTheInProcessEngine() throws {
        #expect(try ContainerRunCommand.parse(["--root", "/tmp/s", "/rootfs", "true"]).store.isLocal)
        #expect(try ContainerRunCommand.parse(["--rootfs", "/rootfs", "true"]).options.rootfs == "/rootfs")
        #expect(!(try ContainerRunCommand.parse(["busybox", "true"]).store.isLocal))
        #expect(try ContainerStopCommand.parse(["--root", "/tmp/s", "x"]).store.isLocal)
    }

    @Test func unreachableEngineExits125LikeDocker() throws {
        let result = try Berth.run(["container", "run", "-H", "unix:///nonexistent/berth.sock", "busybox", "true"])
        #expect(result.status == 125)
        #expect(
            result.error.hasPrefix("berth: ") && result.error.contains("/nonexistent/berth.sock"), "\(result.error)")
    }

    @Test func untranslatableFlagExits125BeforeAnyCall() throws {
        let result = try Berth.run(["container", "run", "-H", "unix:///nonexistent/berth.sock", "-p", "0", "busybox"])
        #expect(result.status == 125)
        #expect(result.error.contains("-p 0"), "\(result.error)")
    }
}
