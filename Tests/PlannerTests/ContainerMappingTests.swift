import ComposeSpec
import EngineAPI
import Foundation
import Testing

@testable import Planner

@Suite struct ContainerMappingTests {
    static let web = """
        services:
          web:
            image: busybox:1.36
            command: ["httpd", "-f"]
            environment: {B: "2", A: "1"}
            ports: ["8080:80", "127.0.0.1:5353:53/udp"]
            expose: ["9000-9001"]
            volumes: ["data:/data", "/cache", "./site:/www:ro"]
            tmpfs: ["/run:size=64m"]
            networks:
              back: {aliases: [api]}
            healthcheck: {test: ["CMD", "true"], interval: 5s, timeout: 2s, retries: 3, start_period: 1s}
            restart: on-failure:3
            cpus: 0.5
            mem_limit: 256m
            security_opt: ["no-new-privileges", "systempaths=unconfined"]
            depends_on: {db: {condition: service_healthy}}
            stop_grace_period: 20s
          db:
            image: postgres
        volumes:
          data: {}
        networks:
          back: {}
        """

    private func request(
        _ yaml: String = web, service: String = "web", number: Int = 1, project loaded: Project? = nil
    ) throws -> ContainerCreateRequest {
        let project = try loaded ?? Fixtures.project(yaml)
        let mapping = ContainerMapping(
            project: project, metadata: ProjectMetadata(workingDirectory: "/p", configFiles: ["/p/compose.yaml"]))
        return try mapping.request(for: try #require(project.services[service]), number: number, imageID: "sha256:i")
    }

    @Test func labelsAreDockerComposes() throws {
        let project = try Fixtures.project(Self.web)
        let labels = try #require(try request(number: 2, project: project).config.labels)
        #expect(labels[Labels.project] == "demo")
        #expect(labels[Labels.service] == "web")
        #expect(labels[Labels.containerNumber] == "2")
        #expect(labels[Labels.oneoff] == "False")
        #expect(labels[Labels.workingDir] == "/p")
        #expect(labels[Labels.configFiles] == "/p/compose.yaml")
        #expect(labels[Labels.dependsOn] == "db:service_healthy:false")
        #expect(labels[Labels.image] == "sha256:i")
        #expect(labels[Labels.configHash] == (try ConfigHash.hash(of: try #require(project.services["web"]))))
    }

    @Test func configFieldsAreMapped() throws {
        let config = try request().config
        #expect(config.image == "busybox:1.36")
        #expect(config.cmd == ["httpd", "-f"])
        #expect(config.entrypoint == nil)
        #expect(config.env == ["A=1", "B=2"])
        #expect(config.stopTimeout == 20)
        #expect(config.exposedPorts?.keys.sorted() == ["53/udp", "80/tcp", "9000/tcp", "9001/tcp"])
        #expect(config.healthcheck?.test == ["CMD", "true"])
        #expect(config.healthcheck?.interval == 5_000_000_000)
        #expect(config.healthcheck?.retries == 3)
    }

    @Test func hostFieldsAreMapped() throws {
        let host = try #require(try request().hostConfig)
        #expect(host.portBindings?["80/tcp"] == [PortBinding(hostIP: "", hostPort: "8080")])
        #expect(host.portBindings?["53/udp"] == [PortBinding(hostIP: "127.0.0.1", hostPort: "5353")])
        #expect(host.restartPolicy == EngineAPI.RestartPolicy(name: "on-failure", maximumRetryCount: 3))
        #expect(host.nanoCpus == 500_000_000)
        let megabytes256: Int64 = 268_435_456
        #expect(host.memory == megabytes256)
        #expect(host.securityOpt == ["no-new-privileges"])
        #expect(host.maskedPaths == [] && host.readonlyPaths == [])
        #expect(host.tmpfs == ["/run": "size=64m"])
    }

    @Test func volumesGoToBindsOrMounts() throws {
        let host = try #require(try request().hostConfig)
        let binds = try #require(host.binds)
        #expect(binds.contains("demo_data:/data:rw"))
        #expect(binds.contains { $0.hasSuffix("/site:/www:ro") && $0.hasPrefix("/") })
        #expect(host.mounts == [EngineAPI.Mount(type: "volume", source: nil, target: "/cache")])
    }

    @Test func networksCarryAliasesAndServiceName() throws {
        let request = try request()
        #expect(request.hostConfig?.networkMode == "demo_back")
        let endpoint = try #require(request.networkingConfig?.endpointsConfig?["demo_back"])
        #expect(endpoint.aliases == ["demo-web-1", "web", "api"])
    }

    @Test func defaultNetworkAndContainerName() throws {
        let yaml = "services:\n  one:\n    image: busybox\n    container_name: solo\n"
        let request = try request(yaml, service: "one")
        #expect(request.hostConfig?.networkMode == "demo_default")
        #expect(request.networkingConfig?.endpointsConfig?["demo_default"]?.aliases == ["solo", "one"])
    }

    @Test func serviceReferencesStayForTheExecutor() throws {
        let yaml = """
            services:
              a: {image: busybox}
              b: {image: busybox, network_mode: "service:a", volumes_from: ["a:ro"]}
            """
        let host = try #require(try request(yaml, service: "b").hostConfig)
        #expect(host.networkMode == "service:a")
        #expect(host.volumesFrom == ["a:ro"])
    }

    /// Optional fields that are nil are left out of the JSON, and the Config fields sit at the top level,
    /// as in Docker's create body.
    @Test func requestEncodesLikeDocker() throws {
        let yaml = "services:\n  one:\n    image: busybox\n    network_mode: none\n"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var request = try request(yaml, service: "one")
        request.config.labels = ["k": "v"]
        let text = String(decoding: try encoder.encode(request), as: UTF8.self)
        #expect(
            text == """
                {"AttachStderr":true,"AttachStdout":true,"HostConfig":{"NetworkMode":"none"},"Image":"busybox",\
                "Labels":{"k":"v"}}
                """)
        let decoded = try JSONDecoder().decode(ContainerCreateRequest.self, from: Data(text.utf8))
        #expect(decoded == request)
    }

    @Test(
        arguments: [
            ("no", "no", nil), ("always", "always", nil), ("unless-stopped", "unless-stopped", nil),
            ("on-failure", "on-failure", nil), ("on-failure:5", "on-failure", 5),
        ] as [(String, String, Int?)])
    func restartPolicies(restart: String, name: String, count: Int?) throws {
        let yaml = "services:\n  one:\n    image: busybox\n    restart: \"\(restart)\"\n"
        let policy = try request(yaml, service: "one").hostConfig?.restartPolicy
        #expect(policy == EngineAPI.RestartPolicy(name: name, maximumRetryCount: count))
    }

    @Test func deployResourcesWin() throws {
        let yaml = """
            services:
              one:
                image: busybox
                mem_limit: 1g
                deploy:
                  resources: {limits: {cpus: "1.5", memory: 64m, pids: 10}, reservations: {memory: 32m}}
                  restart_policy: {condition: any}
            """
        let host = try #require(try request(yaml, service: "one").hostConfig)
        let (megabytes64, megabytes32): (Int64, Int64) = (67_108_864, 33_554_432)
        #expect(host.memory == megabytes64)
        #expect(host.nanoCpus == 1_500_000_000)
        #expect(host.pidsLimit == 10)
        #expect(host.memoryReservation == megabytes32)
        #expect(host.restartPolicy?.name == "always")
    }

    @Test func secretsAndConfigsAreReadOnlyBinds() throws {
        let yaml = """
            services:
              one:
                image: busybox
                secrets: [token]
                configs: [{source: site, target: /etc/site.conf}]
            secrets:
              token: {file: ./token.txt}
            configs:
              site: {file: ./site.conf}
            """
        let mounts = try #require(try request(yaml, service: "one").hostConfig?.mounts)
        #expect(mounts.map(\.target) == ["/etc/site.conf", "/run/secrets/token"])
        #expect(mounts.allSatisfy { $0.type == "bind" && $0.readOnly == true })
    }
}
