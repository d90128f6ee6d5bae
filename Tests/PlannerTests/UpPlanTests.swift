import ComposeSpec
import EngineAPI
import Foundation
import Testing

@testable import Planner

@Suite struct UpPlanTests {
    static let app = """
        services:
          web:
            image: busybox
            depends_on: {api: {condition: service_healthy}}
          api:
            image: busybox
            environment: {MODE: prod}
            volumes: ["data:/data"]
            healthcheck: {test: ["CMD", "true"]}
        volumes:
          data: {}
        """

    @Test func freshProjectCreatesEverythingInOrder() throws {
        let project = try Fixtures.project(Self.app)
        let plan = try Planner.up(project, observed: ObservedState())
        #expect(
            plan.lines == [
                "[] -> #1 network:default, createNetwork, not found",
                "[] -> #2 volume:data, createVolume, not found",
                "[] -> #3 image:busybox, pullImage, not found",
                "[1 2 3] -> #4 service:api:1, createContainer, no existing container",
                "[4] -> #5 service:api:1, startContainer, created",
                "[1 3 5] -> #6 service:web:1, createContainer, no existing container",
                "[5] -> #7 service:api, waitHealthy, web depends on it (service_healthy)",
                "[6 7] -> #8 service:web:1, startContainer, created",
            ])
    }

    @Test func secondUpDoesNothing() throws {
        let project = try Fixtures.project(Self.app)
        let plan = try Planner.up(project, observed: try Fixtures.upToDate(project))
        #expect(plan.isEmpty)
        #expect(plan.warnings.isEmpty)
    }

    @Test func changedEnvironmentRecreatesOnlyThatService() throws {
        let before = try Fixtures.project(Self.app)
        let after = try Fixtures.project(Self.app.replacingOccurrences(of: "MODE: prod", with: "MODE: dev"))
        let plan = try Planner.up(after, observed: try Fixtures.upToDate(before))
        #expect(
            plan.lines == [
                "[] -> #1 service:api:1, createContainer, config hash changed",
                "[1] -> #2 service:api:1, stopContainer, replaced by #1",
                "[1 2] -> #3 service:api:1, removeContainer, replaced by #1",
                "[3] -> #4 service:api:1, renameContainer, finish recreation",
                "[4] -> #5 service:api:1, startContainer, created",
            ])
        guard case .createContainer(_, _, let name, _) = plan.actions[0].kind else {
            Issue.record("first action is not a create")
            return
        }
        #expect(name == "api100000000_demo-api-1")
    }

    @Test(arguments: [
        (RecreatePolicy.force, 11), (RecreatePolicy.never, 0), (RecreatePolicy.diverged, 0),
    ])
    func recreatePolicies(policy: RecreatePolicy, actionCount: Int) throws {
        let project = try Fixtures.project(Self.app)
        let options = UpOptions(recreate: policy, recreateDependencies: policy)
        let plan = try Planner.up(project, observed: try Fixtures.upToDate(project), options: options)
        #expect(plan.actions.count == actionCount)
    }

    @Test func changedImageRecreates() throws {
        let project = try Fixtures.project(Self.app)
        var observed = try Fixtures.upToDate(project)
        observed.images["busybox"] = ImageInspect(id: "sha256:newer")
        let plan = try Planner.up(project, observed: observed)
        #expect(
            plan.actions.filter { $0.kind.name == "createContainer" }.map(\.cause) == [
                "image changed", "image changed",
            ])
    }

    @Test func stoppedContainerIsStartedNotRecreated() throws {
        let project = try Fixtures.project(Self.app)
        var observed = try Fixtures.upToDate(project)
        observed.containers[1] = try Fixtures.container(project, "web", 1, state: "exited")
        let plan = try Planner.up(project, observed: observed)
        #expect(
            plan.lines == [
                "[] -> #1 service:api, waitHealthy, web depends on it (service_healthy)",
                "[1] -> #2 service:web:1, startContainer, not running",
            ])
    }

    @Test func noStartCreatesOnly() throws {
        let project = try Fixtures.project(Self.app)
        let plan = try Planner.up(project, observed: ObservedState(), options: UpOptions(noStart: true))
        #expect(!plan.actions.contains { ["startContainer", "waitHealthy"].contains($0.kind.name) })
        #expect(plan.actions.filter { $0.kind.name == "createContainer" }.count == 2)
    }

    @Test func externalNetworkMustExist() throws {
        let yaml = "services:\n  one: {image: busybox, networks: [outside]}\nnetworks:\n  outside: {external: true}\n"
        let project = try Fixtures.project(yaml)
        #expect(throws: PlannerError.self) { try Planner.up(project, observed: ObservedState()) }
        let observed = ObservedState(networks: [NetworkSummary(name: "outside", id: "x")])
        let plan = try Planner.up(project, observed: observed)
        #expect(!plan.actions.contains { $0.kind.name == "createNetwork" })
    }

    /// docker/compose (v2.24+): a network whose config hash changed is removed and created again, its
    /// containers stopped and disconnected first, and the services on it recreated onto the new one.
    @Test func changedNetworkIsRecreatedWithItsContainers() throws {
        let project = try Fixtures.project(Self.app)
        var observed = try Fixtures.upToDate(project)
        observed.networks[0].labels?[Labels.configHash] = "old"
        let plan = try Planner.up(project, observed: observed)
        #expect(plan.warnings.isEmpty)
        let remove = try #require(plan.actions.first { $0.kind == .removeNetwork(name: "demo_default") })
        let create = try #require(plan.actions.first { $0.kind.name == "createNetwork" })
        #expect(create.dependencies == [remove.id])
        let disconnects = plan.actions.filter { $0.kind.name == "disconnectNetwork" }
        #expect(disconnects.count == 2)
        #expect(Set(remove.dependencies) == Set(disconnects.map(\.id)))
        for disconnect in disconnects {
            let stop = try #require(plan.actions.first { disconnect.dependencies.contains($0.id) })
            #expect(stop.kind.name == "stopContainer")
        }
        let creates = plan.actions.filter { $0.kind.name == "createContainer" }
        #expect(creates.count == 2)
        #expect(creates.allSatisfy { $0.cause == "network recreated" && $0.dependencies.contains(create.id) })
        #expect(plan.actions.filter { $0.kind.name == "stopContainer" }.count == 2)
    }

    @Test func changedNetworkWithoutRecreationReconnectsKeptContainers() throws {
        let project = try Fixtures.project(Self.app)
        var observed = try Fixtures.upToDate(project)
        observed.networks[0].labels?[Labels.configHash] = "old"
        let plan = try Planner.up(
            project, observed: observed, options: UpOptions(recreate: .never, recreateDependencies: .never))
        let create = try #require(plan.actions.first { $0.kind.name == "createNetwork" })
        let connects = plan.actions.filter { $0.kind.name == "connectNetwork" }
        #expect(connects.count == 2 && connects.allSatisfy { $0.dependencies.contains(create.id) })
        #expect(!plan.actions.contains { $0.kind.name == "createContainer" })
        let starts = plan.actions.filter { $0.kind.name == "startContainer" }
        #expect(starts.count == 2)
        #expect(starts.allSatisfy { start in connects.contains { start.dependencies.contains($0.id) } })
    }

    @Test func changedNetworkUsedByUnselectedServicesIsOnlyReported() throws {
        let project = try Fixtures.project(Self.app)
        var observed = try Fixtures.upToDate(project)
        observed.networks[0].labels?[Labels.configHash] = "old"
        let plan = try Planner.up(
            project, observed: observed, options: UpOptions(services: ["api"], noDependencies: true))
        #expect(plan.actions.isEmpty, "\(plan.lines)")
        #expect(plan.warnings.count == 1)
        #expect(plan.warnings.first?.contains("demo-web-1") == true)
    }

    @Test func injectedConfigsAndSecretsAreCopiedBeforeEachStart() throws {
        let yaml = """
            services:
              app:
                image: busybox
                secrets: [plain, {source: owned, uid: "7", gid: "8", mode: 0400}]
                configs: [{source: inline, target: /etc/app.conf}]
            secrets:
              plain: {file: ./plain.txt}
              owned: {file: ./plain.txt}
            configs:
              inline: {content: "a=1"}
            """
        let project = try Fixtures.project(yaml)
        let plan = try Planner.up(project, observed: ObservedState())
        let copy = try #require(plan.actions.first { $0.kind.name == "copyFiles" })
        guard case .copyFiles(_, let files) = copy.kind else { return }
        #expect(files.map(\.target) == ["/run/secrets/owned", "/etc/app.conf"])
        #expect(files[0].uid == 7 && files[0].gid == 8 && files[0].mode == 0o400)
        #expect(files[1].source == .content("a=1") && files[1].mode == 0o444)
        let start = try #require(plan.actions.first { $0.kind.name == "startContainer" })
        #expect(start.dependencies.contains(copy.id))
        // The plain file secret stays a read-only bind.
        let create = try #require(plan.actions.first { $0.kind.name == "createContainer" })
        guard case .createContainer(_, _, _, let request) = create.kind else { return }
        #expect(request.hostConfig?.mounts?.map(\.target) == ["/run/secrets/plain"])
        // Changing inline content changes the config hash (the container is recreated).
        var changed = project
        changed.configs["inline"]?.content = "a=2"
        let service = try #require(project.services["app"])
        #expect(try ConfigHash.hash(of: service, in: project) != ConfigHash.hash(of: service, in: changed))
        #expect(try ConfigHash.hash(of: service, in: project) != ConfigHash.hash(of: service))
    }

    @Test func injectedFileTarIsReadableByTar() throws {
        let files = [
            InjectedFile(target: "/run/secrets/s", source: .content("hush"), uid: 1000, gid: 50, mode: 0o440),
            InjectedFile(target: "/" + String(repeating: "d/", count: 60) + "long.txt", source: .content("x")),
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("injected-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("files.tar")
        try Data(try InjectedFile.tar(files)).write(to: archive)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = ["-tvf", archive.path, "--numeric-owner"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = listing.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("-r--r----- 1000/50") == true)
        #expect(lines.first?.hasSuffix("run/secrets/s") == true)
        #expect(lines.last?.hasSuffix(String(repeating: "d/", count: 60) + "long.txt") == true)
    }

    @Test func selectedServicesBringTheirDependencies() throws {
        let project = try Fixtures.project(Self.app)
        let withDeps = try Planner.up(project, observed: ObservedState(), options: UpOptions(services: ["web"]))
        #expect(Set(withDeps.actions.map(\.resource)).isSuperset(of: ["service:api:1", "service:web:1"]))
        let alone = try Planner.up(
            project, observed: ObservedState(), options: UpOptions(services: ["web"], noDependencies: true))
        #expect(!alone.actions.contains { $0.resource.hasPrefix("service:api") })
        #expect(throws: PlannerError.self) {
            try Planner.up(project, observed: ObservedState(), options: UpOptions(services: ["nope"]))
        }
    }

    @Test func pullPolicies() throws {
        let project = try Fixtures.project(Self.app)
        let present = ObservedState(images: ["busybox": ImageInspect(id: "sha256:img")])
        #expect(!(try Planner.up(project, observed: present)).actions.contains { $0.kind.name == "pullImage" })
        let always = try Planner.up(project, observed: present, options: UpOptions(pull: "always"))
        #expect(always.actions.filter { $0.kind.name == "pullImage" }.map(\.cause) == ["pull_policy always"])
        let never = try Planner.up(project, observed: ObservedState(), options: UpOptions(pull: "never"))
        #expect(!never.actions.contains { $0.kind.name == "pullImage" })
    }
}
