import ComposeSpec
import EngineAPI
import Testing

@testable import Planner

@Suite struct RunPlanTests {
    static let options = OneOffOptions(name: "demo-web-run-0123456789ab", slug: String(repeating: "0a", count: 32))

    @Test func freshProjectStartsTheDependenciesWaitsThenCreatesTheOneOff() throws {
        let project = try Fixtures.project(UpPlanTests.app)
        let web = try #require(project.services["web"])
        let plan = try Planner.run(project, service: web, observed: ObservedState(), options: Self.options)
        #expect(
            plan.lines == [
                "[] -> #1 network:default, createNetwork, not found",
                "[] -> #2 volume:data, createVolume, not found",
                "[] -> #3 image:busybox, pullImage, not found",
                "[1 2 3] -> #4 service:api:1, createContainer, no existing container",
                "[4] -> #5 service:api:1, startContainer, created",
                "[5] -> #6 service:api, waitHealthy, web depends on it (service_healthy)",
                "[1 3 5 6] -> #7 service:web:run, createContainer, one-off container",
            ])
    }

    @Test func oneOffContainerCarriesComposeLabelsAndNoReplicaNumber() throws {
        let project = try Fixtures.project(UpPlanTests.app)
        let web = try #require(project.services["web"])
        let plan = try Planner.run(project, service: web, observed: ObservedState(), options: Self.options)
        guard case .createContainer(_, _, let name, let request) = plan.actions.last?.kind else {
            Issue.record("the last action is not a create")
            return
        }
        #expect(name == "demo-web-run-0123456789ab")
        let labels = request.config.labels ?? [:]
        #expect(labels[Labels.oneoff] == "True")
        #expect(labels[Labels.slug] == Self.options.slug)
        #expect(labels[Labels.containerNumber] == nil)
        #expect(labels[Labels.service] == "web")
    }

    @Test func noDepsCreatesOnlyWhatTheOneOffNeeds() throws {
        let project = try Fixtures.project(UpPlanTests.app)
        let web = try #require(project.services["web"])
        var options = Self.options
        options.noDependencies = true
        let plan = try Planner.run(project, service: web, observed: ObservedState(), options: options)
        #expect(
            plan.lines == [
                "[] -> #1 network:default, createNetwork, not found",
                "[] -> #2 image:busybox, pullImage, not found",
                "[1 2] -> #3 service:web:run, createContainer, one-off container",
            ])
    }

    @Test func runningDependenciesAreLeftAsTheyAre() throws {
        let project = try Fixtures.project(UpPlanTests.app)
        let web = try #require(project.services["web"])
        let plan = try Planner.run(
            project, service: web, observed: try Fixtures.upToDate(project), options: Self.options)
        #expect(
            plan.lines == [
                "[] -> #1 service:api, waitHealthy, web depends on it (service_healthy)",
                "[1] -> #2 service:web:run, createContainer, one-off container",
            ])
    }

    @Test func oneOffContainersAreNeitherOrphansNorReplicas() throws {
        let project = try Fixtures.project(UpPlanTests.app)
        var observed = try Fixtures.upToDate(project)
        var oneOff = try Fixtures.container(project, "web", 1, id: "oneoff0000000000", name: "demo-web-run-abc")
        oneOff.labels?[Labels.oneoff] = "True"
        oneOff.labels?[Labels.containerNumber] = nil
        observed.containers.append(oneOff)
        var gone = oneOff
        gone.id = "oneoff1111111111"
        gone.labels?[Labels.service] = "removed"
        observed.containers.append(gone)
        let plan = try Planner.up(project, observed: observed, options: UpOptions(scale: ["web": 2]))
        #expect(plan.warnings.isEmpty)
        #expect(plan.lines.allSatisfy { !$0.contains("oneoff") })
        #expect(plan.lines.first == "[] -> #1 service:web:2, createContainer, no existing container")
    }
}
