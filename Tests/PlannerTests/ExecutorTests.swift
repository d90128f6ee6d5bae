import ComposeSpec
import EngineAPI
import Foundation
import Testing

@testable import Planner

/// The executor against an in-memory engine: order, parallelism, depends_on conditions, idempotence.
@Suite struct ExecutorTests {
    static let app = """
        services:
          web:
            image: busybox
            depends_on: {api: {condition: service_healthy}}
          api:
            image: busybox
            environment: {MODE: prod}
            healthcheck: {test: ["CMD", "true"]}
            volumes: ["data:/data"]
        volumes:
          data: {}
        """

    /// observe, plan, execute: what `berth up` does.
    @discardableResult
    private func up(
        _ project: Project, _ engine: FakeEngine, options: UpOptions = UpOptions(),
        executor: ExecutorOptions = ExecutorOptions(pollInterval: .milliseconds(1))
    ) async throws -> [String] {
        let observed = try await Observer.observe(project, client: engine)
        let plan = try Planner.up(project, observed: observed, options: options)
        return try await Executor(client: engine, project: project.name, options: executor).run(plan)
    }

    private func down(_ project: Project, _ engine: FakeEngine, options: DownOptions = DownOptions()) async throws {
        let observed = try await Observer.observe(project, client: engine)
        try await Executor(client: engine, project: project.name).run(
            Planner.down(project, observed: observed, options: options))
    }

    @Test func upThenNoOpUpKeepsContainers() async throws {
        let engine = FakeEngine(images: [])
        let project = try Fixtures.project(Self.app)
        try await up(project, engine)
        let first = engine.containers
        #expect(first.map(\.names) == [["/demo-api-1"], ["/demo-web-1"]])
        #expect(first.allSatisfy { $0.state == "running" })
        #expect(engine.log.first == "pull busybox" || engine.log.first?.hasPrefix("create") == true)
        let before = engine.log.count
        try await up(project, engine)
        #expect(engine.containers == first)
        #expect(engine.log.count == before)
        let plan = try Planner.up(project, observed: try await Observer.observe(project, client: engine))
        #expect(plan.isEmpty)
    }

    @Test func dependentStartsOnlyAfterItsDependencyIsHealthy() async throws {
        let engine = FakeEngine()
        engine.state.withLock { $0.health["demo-api-1"] = ["starting", "starting", "healthy"] }
        try await up(try Fixtures.project(Self.app), engine)
        let log = engine.log
        let healthy = try #require(log.lastIndex(of: "inspect demo-api-1"))
        let webStart = try #require(log.firstIndex(of: "start demo-web-1"))
        #expect(log.filter { $0 == "inspect demo-api-1" }.count == 3)
        #expect(healthy < webStart)
    }

    @Test func unhealthyDependencyStopsUpWithAClearError() async throws {
        let engine = FakeEngine()
        engine.state.withLock { $0.health["demo-api-1"] = ["starting", "unhealthy"] }
        await #expect {
            try await up(try Fixtures.project(Self.app), engine)
        } throws: { error in
            let error = error as? PlannerError
            return error?.code == .dependencyFailed && error?.message.contains("demo-api-1 is unhealthy") == true
        }
        #expect(!engine.log.contains("start demo-web-1"))
    }

    static let job = """
        services:
          migrate: {image: busybox}
          app:
            image: busybox
            depends_on: {migrate: {condition: service_completed_successfully}}
        """

    @Test(arguments: [0, 3])
    func completedSuccessfullyWaitsForExitZero(code: Int) async throws {
        let engine = FakeEngine()
        engine.state.withLock { $0.exitCodes["demo-migrate-1"] = code }
        let project = try Fixtures.project(Self.job)
        if code == 0 {
            try await up(project, engine)
            #expect(engine.log.firstIndex(of: "wait demo-migrate-1")! < engine.log.firstIndex(of: "start demo-app-1")!)
        } else {
            await #expect(throws: PlannerError.self) { try await up(project, engine) }
            #expect(!engine.log.contains("start demo-app-1"))
        }
    }

    @Test func optionalDependencyFailureIsAWarning() async throws {
        let engine = FakeEngine()
        engine.state.withLock { $0.exitCodes["demo-migrate-1"] = 1 }
        let yaml = Self.job.replacingOccurrences(
            of: "condition: service_completed_successfully",
            with: "condition: service_completed_successfully, required: false")
        let warnings = try await up(try Fixtures.project(yaml), engine)
        #expect(warnings.count == 1 && warnings[0].contains("migrate"))
        #expect(engine.log.contains("start demo-app-1"))
    }

    @Test func parallelismIsBounded() async throws {
        let engine = FakeEngine(callDelay: .milliseconds(5))
        let services = (1...8).map { "  s\($0): {image: busybox}" }.joined(separator: "\n")
        try await up(
            try Fixtures.project("services:\n" + services + "\n"), engine,
            executor: ExecutorOptions(parallelism: 3, pollInterval: .milliseconds(1)))
        let peak = engine.state.withLock { $0.maxInFlight }
        #expect(peak <= 3)
        #expect(engine.containers.count == 8)
    }

    @Test func changedServiceIsRecreatedOthersKeepTheirIDs() async throws {
        let engine = FakeEngine()
        try await up(try Fixtures.project(Self.app), engine)
        let web = try #require(engine.containers.first { $0.names == ["/demo-web-1"] })
        let api = try #require(engine.containers.first { $0.names == ["/demo-api-1"] })
        try await up(try Fixtures.project(Self.app.replacingOccurrences(of: "MODE: prod", with: "MODE: dev")), engine)
        let after = engine.containers
        #expect(after.count == 2)
        #expect(after.contains { $0.id == web.id && $0.state == "running" })
        #expect(after.contains { $0.names == ["/demo-api-1"] && $0.id != api.id && $0.state == "running" })
    }

    /// An `up` that dies halfway through a recreation converges on the next run.
    @Test func interruptedRecreationConvergesOnTheNextUp() async throws {
        let engine = FakeEngine()
        try await up(try Fixtures.project(Self.app), engine)
        let changed = try Fixtures.project(Self.app.replacingOccurrences(of: "MODE: prod", with: "MODE: dev"))
        engine.state.withLock { $0.failing = ["stop demo-api-1"] }
        await #expect(throws: PlannerError.self) { try await up(changed, engine) }
        #expect(engine.containers.count == 3)
        engine.state.withLock { $0.failing = [] }
        try await up(changed, engine)
        let names = engine.containers.map { $0.names?.first ?? "" }
        #expect(names == ["/demo-api-1", "/demo-web-1"])
        #expect(try Planner.up(changed, observed: try await Observer.observe(changed, client: engine)).isEmpty)
    }

    @Test func downRemovesAllButVolumesUnlessAsked() async throws {
        let engine = FakeEngine()
        let project = try Fixtures.project(Self.app)
        try await up(project, engine)
        try await down(project, engine)
        #expect(engine.containers.isEmpty)
        #expect(engine.state.withLock { $0.networks.isEmpty })
        #expect(engine.state.withLock { Array($0.volumes.keys) } == ["demo_data"])
        try await down(project, engine, options: DownOptions(removeVolumes: true))
        #expect(engine.state.withLock { $0.volumes.isEmpty })
        let log = engine.log
        #expect(log.firstIndex(of: "stop demo-web-1")! < log.firstIndex(of: "stop demo-api-1")!)
    }

    @Test func sharedNetworkNamespaceIsResolvedToTheContainerID() async throws {
        let engine = FakeEngine()
        let yaml = "services:\n  a: {image: busybox}\n  b: {image: busybox, network_mode: \"service:a\"}\n"
        try await up(try Fixtures.project(yaml), engine)
        let a = try #require(engine.containers.first { $0.names == ["/demo-a-1"] })
        let b = try #require(engine.containers.first { $0.names == ["/demo-b-1"] })
        let mode = engine.state.withLock { $0.containers[b.id]?.request.hostConfig?.networkMode }
        #expect(mode == "container:\(a.id)")
    }

    @Test func projectLockExcludesASecondHolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-lock-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try await ProjectLock.acquire(project: "demo", folder: folder)
        await #expect {
            _ = try await ProjectLock.acquire(project: "demo", folder: folder, timeout: .milliseconds(100))
        } throws: { ($0 as? PlannerError)?.code == .locked }
        first.release()
        let second = try await ProjectLock.acquire(project: "demo", folder: folder, timeout: .milliseconds(100))
        second.release()
    }
}
