import ComposeSpec
import EngineAPI
import Testing

@testable import Planner

/// Scaling, orphans, dependents, anonymous volumes and interrupted runs.
@Suite struct ConvergenceTests {
    static let scaled = """
        services:
          worker:
            image: busybox
            scale: 3
        """

    @Test func scaleUpAddsTheNextNumbers() throws {
        let one = try Fixtures.project(Self.scaled.replacingOccurrences(of: "scale: 3", with: "scale: 1"))
        let three = try Fixtures.project(Self.scaled)
        let plan = try Planner.up(three, observed: try Fixtures.upToDate(one))
        #expect(
            plan.lines == [
                "[] -> #1 service:worker:2, createContainer, no existing container",
                "[1] -> #2 service:worker:2, startContainer, created",
                "[] -> #3 service:worker:3, createContainer, no existing container",
                "[3] -> #4 service:worker:3, startContainer, created",
            ])
    }

    @Test func scaleDownRemovesTheHighest() throws {
        let three = try Fixtures.project(Self.scaled)
        let plan = try Planner.up(
            three, observed: try Fixtures.upToDate(three), options: UpOptions(scale: ["worker": 1]))
        #expect(
            plan.lines == [
                "[] -> #1 service:worker:2, stopContainer, scale down",
                "[1] -> #2 service:worker:2, removeContainer, scale down",
                "[] -> #3 service:worker:3, stopContainer, scale down",
                "[3] -> #4 service:worker:3, removeContainer, scale down",
            ])
    }

    @Test func scaleDownRemovesOutdatedContainersFirst() throws {
        let three = try Fixtures.project(Self.scaled)
        var observed = try Fixtures.upToDate(three)
        observed.containers[0].labels?[Labels.configHash] = "old"
        let plan = try Planner.up(three, observed: observed, options: UpOptions(scale: ["worker": 2]))
        #expect(plan.actions.map(\.resource) == ["service:worker:1", "service:worker:1"])
        #expect(plan.actions.map(\.kind.name) == ["stopContainer", "removeContainer"])
    }

    @Test func orphansAreReportedThenRemoved() throws {
        let project = try Fixtures.project(Self.scaled)
        var observed = try Fixtures.upToDate(project)
        let old = try Fixtures.project("services:\n  gone: {image: busybox}\n")
        observed.containers.append(try Fixtures.container(old, "gone", 1))
        var oneOff = try Fixtures.container(old, "gone", 1, id: "run1", name: "demo-gone-run-1")
        oneOff.labels?[Labels.oneoff] = "True"
        observed.containers.append(oneOff)
        let reported = try Planner.up(project, observed: observed)
        #expect(reported.isEmpty)
        #expect(reported.warnings.count == 1 && reported.warnings[0].contains("(demo-gone-1)"))
        let removed = try Planner.up(project, observed: observed, options: UpOptions(removeOrphans: true))
        #expect(
            removed.lines == [
                "[] -> #1 orphan:demo-gone-1, stopContainer, orphaned container",
                "[1] -> #2 orphan:demo-gone-1, removeContainer, orphaned container",
            ])
    }

    static let chain = """
        services:
          db:
            image: busybox
            environment: {V: "1"}
          app:
            image: busybox
            depends_on: {db: {condition: service_started, restart: true}}
          side:
            image: busybox
            network_mode: "service:db"
          other:
            image: busybox
            depends_on: [db]
        """

    @Test func recreatingADependencyRestartsOrRecreatesOnlyWhatMust() throws {
        let before = try Fixtures.project(Self.chain)
        let after = try Fixtures.project(Self.chain.replacingOccurrences(of: "V: \"1\"", with: "V: \"2\""))
        let plan = try Planner.up(after, observed: try Fixtures.upToDate(before))
        let byResource = Dictionary(grouping: plan.actions, by: \.resource).mapValues { $0.map(\.kind.name) }
        // restart: true: stopped before the recreation, started after it, same container.
        #expect(byResource["service:app:1"] == ["stopContainer", "startContainer"])
        // network_mode service:db (an implicit restart: true dependency): its container:ID would dangle, so
        // it is stopped first and recreated.
        #expect(
            byResource["service:side:1"] == [
                "stopContainer", "createContainer", "removeContainer", "renameContainer", "startContainer",
            ])
        // A plain dependency is left alone.
        #expect(byResource["service:other:1"] == nil)
        let appStart = try #require(
            plan.actions.first { $0.resource == "service:app:1" && $0.kind.name == "startContainer" })
        let dbStart = try #require(
            plan.actions.first { $0.resource == "service:db:1" && $0.kind.name == "startContainer" })
        #expect(appStart.dependencies.contains(dbStart.id))
    }

    @Test func anonymousVolumesAreKeptUnlessRenewed() throws {
        let yaml = "services:\n  one:\n    image: busybox\n    volumes: [/cache]\n    environment: {V: \"1\"}\n"
        let before = try Fixtures.project(yaml)
        let after = try Fixtures.project(yaml.replacingOccurrences(of: "\"1\"", with: "\"2\""))
        var observed = try Fixtures.upToDate(before)
        observed.containers[0] = try Fixtures.container(
            before, "one", 1, mounts: [MountPoint(type: "volume", name: "anon123", destination: "/cache")])
        let kept = try Planner.up(after, observed: observed)
        guard case .createContainer(_, _, _, let request) = kept.actions[0].kind else {
            Issue.record("no create")
            return
        }
        #expect(request.hostConfig?.mounts == [EngineAPI.Mount(type: "volume", source: "anon123", target: "/cache")])
        #expect(
            kept.actions.contains {
                $0.kind
                    == .removeContainer(
                        observed.containers.map { ObservedContainer($0)! }[0].reference, removeVolumes: false)
            })
        let renewed = try Planner.up(after, observed: observed, options: UpOptions(renewAnonymousVolumes: true))
        guard case .createContainer(_, _, _, let fresh) = renewed.actions[0].kind else {
            Issue.record("no create")
            return
        }
        #expect(fresh.hostConfig?.mounts == [EngineAPI.Mount(type: "volume", source: nil, target: "/cache")])
    }

    /// An `up` killed after creating the replacement and removing the old container leaves the replacement
    /// under its temporary name: the next `up` renames it and starts it.
    @Test func interruptedRecreationConverges() throws {
        let project = try Fixtures.project(Self.scaled.replacingOccurrences(of: "scale: 3", with: "scale: 1"))
        let observed = ObservedState(
            containers: [
                try Fixtures.container(project, "worker", 1, state: "created", id: "new", name: "abc_demo-worker-1")
            ], images: ["busybox": ImageInspect(id: "sha256:img")])
        let plan = try Planner.up(project, observed: observed)
        #expect(
            plan.lines == [
                "[] -> #1 network:default, createNetwork, not found",
                "[] -> #2 service:worker:1, renameContainer, named abc_demo-worker-1",
                "[1 2] -> #3 service:worker:1, startContainer, not running",
            ])
    }

    /// Killed before the old container was removed: two containers hold number 1; the outdated one goes.
    @Test func duplicateReplicaIsRemoved() throws {
        let project = try Fixtures.project(Self.scaled.replacingOccurrences(of: "scale: 3", with: "scale: 1"))
        var observed = try Fixtures.upToDate(project)
        var old = try Fixtures.container(project, "worker", 1, id: "old")
        old.labels?[Labels.configHash] = "outdated"
        observed.containers[0] = try Fixtures.container(
            project, "worker", 1, state: "created", id: "new", name: "x_demo-worker-1")
        observed.containers.append(old)
        let plan = try Planner.up(project, observed: observed)
        #expect(
            plan.lines == [
                "[] -> #1 service:worker:1, stopContainer, duplicate of replica 1",
                "[1] -> #2 service:worker:1, removeContainer, duplicate of replica 1",
                "[2] -> #3 service:worker:1, renameContainer, named x_demo-worker-1",
                "[3] -> #4 service:worker:1, startContainer, not running",
            ])
    }

    @Test func containerNameWithReplicasIsRefused() throws {
        let project = try Fixtures.project("services:\n  one: {image: busybox, container_name: solo}\n")
        #expect(throws: PlannerError.self) {
            try Planner.up(project, observed: ObservedState(), options: UpOptions(scale: ["one": 2]))
        }
    }
}
