import ComposeSpec
import EngineAPI
import Testing

@testable import Planner

@Suite struct DownPlanTests {
    static let app = """
        services:
          web: {image: busybox, depends_on: [api]}
          api: {image: busybox, volumes: ["data:/data"]}
          tool: {build: .}
        volumes:
          data: {}
          shared: {external: true}
        """

    private func observed() throws -> (Project, ObservedState) {
        let project = try Fixtures.project(Self.app)
        var observed = try Fixtures.upToDate(project)
        observed.images["demo-tool"] = ImageInspect(id: "sha256:tool")
        observed.volumes.append(Volume(name: "shared"))
        return (project, observed)
    }

    @Test func dependentsStopFirstThenNetworks() throws {
        let (project, observed) = try observed()
        let plan = Planner.down(project, observed: observed)
        #expect(
            plan.lines == [
                "[] -> #1 service:web:1, stopContainer, down",
                "[1] -> #2 service:web:1, removeContainer, down",
                "[] -> #3 service:tool:1, stopContainer, down",
                "[3] -> #4 service:tool:1, removeContainer, down",
                "[1] -> #5 service:api:1, stopContainer, down",
                "[1 5] -> #6 service:api:1, removeContainer, down",
                "[2 4 6] -> #7 network:default, removeNetwork, down",
            ])
    }

    @Test(arguments: [
        (DownOptions(removeVolumes: true), ["removeVolume:volume:data"]),
        (DownOptions(removeImages: .local), ["removeImage:image:demo-tool"]),
        (DownOptions(removeImages: .all), ["removeImage:image:busybox", "removeImage:image:demo-tool"]),
    ])
    func volumesAndImages(options: DownOptions, expected: [String]) throws {
        let (project, observed) = try observed()
        let plan = Planner.down(project, observed: observed, options: options)
        let extra = plan.actions.filter { ["removeVolume", "removeImage"].contains($0.kind.name) }
        #expect(extra.map { "\($0.kind.name):\($0.resource)" } == expected)
    }

    @Test func downOfNothingDoesNothing() throws {
        let project = try Fixtures.project(Self.app)
        #expect(Planner.down(project, observed: ObservedState()).isEmpty)
    }
}
