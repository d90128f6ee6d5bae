import Engine
import Foundation
import Testing

/// `berth-runtime run -b BUNDLE ID`, the runtime's own executable, on a bundle written by the engine
/// (config.json from a ContainerSpec), as crun and runc are run on theirs.
@Suite(.privileged, .serialized)
struct BerthRuntimeCLITests {
    private func runBundle(_ fixture: BusyboxRootfs, _ args: [String]) throws -> (status: Int32, output: String) {
        var spec = ContainerSpec(root: .directory(fixture.rootfs), args: args)
        spec.env = ["PATH=/bin"]
        spec.hostname = "bundle-test"
        try OCIBundle(directory: fixture.directory, config: OCIConfig(spec: spec)).write()
        let runtime = DaemonFixture.executable.deletingLastPathComponent().appendingPathComponent("berth-runtime")
        let result = try DaemonFixture.run(
            runtime.path, ["--root", fixture.directory + "/state", "run", "--bundle", fixture.directory, "t1"])
        return (result.status, result.output + result.error)
    }

    @Test func runsTheBundleInItsOwnNamespacesAndReturnsItsStatus() throws {
        try BusyboxRootfs.with { fixture in
            let result = try runBundle(fixture, ["sh", "-c", "echo pid=$$ host=$(hostname); exit 3"])
            #expect(result.status == 3)
            #expect(result.output.contains("pid=1 host=bundle-test"), "\(result.output)")
        }
    }

    @Test func aMissingCommandIs127AndABadBundleIsAClearError() throws {
        try BusyboxRootfs.with { fixture in
            #expect(try runBundle(fixture, ["no-such-command"]).status == 127)
            let runtime = DaemonFixture.executable.deletingLastPathComponent().appendingPathComponent("berth-runtime")
            let missing = try DaemonFixture.run(runtime.path, ["run", "--bundle", fixture.directory + "/none", "t2"])
            #expect(missing.status == 125 && missing.error.contains("config.json"), "\(missing.error)")
            let usage = try DaemonFixture.run(runtime.path, ["frobnicate"])
            #expect(usage.status == 2 && usage.error.contains("usage: berth-runtime"))
        }
    }
}
