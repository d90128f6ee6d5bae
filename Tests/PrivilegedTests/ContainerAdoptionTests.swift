import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ContainerAdoptionTests {
    /// `berth container run` in the foreground, killed with SIGKILL: the container keeps running and
    /// logging under its shim, and a new store adopts it and reads its exit status.
    @Test func killingTheCLILeavesTheContainerRunningAndAdoptable() throws {
        try StoreFixture.with { fixture in
            let berth = (try ContainerRuntime().initPath as NSString).deletingLastPathComponent + "/berth"
            let cli = Process()
            cli.executableURL = URL(fileURLWithPath: berth)
            cli.arguments = [
                "container", "run", "--root", fixture.root, "--name", "adopted", "--rootfs", fixture.rootfs.rootfs,
                "sh", "-c", "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.05; done",
            ]
            cli.standardOutput = FileHandle.nullDevice
            try cli.run()
            var entries = 0
            for _ in 0..<500 where entries < 3 {
                usleep(10_000)
                entries = (try? fixture.store.logs("adopted").count) ?? 0
            }
            kill(cli.processIdentifier, SIGKILL)
            cli.waitUntilExit()
            let before = try fixture.store.logs("adopted").count
            let adopter = try ContainerStore(
                root: fixture.root, runRoot: fixture.root + "/run", runtime: ContainerRuntime())
            #expect(try adopter.inspect("adopted").state.status == .running)
            var after = before
            for _ in 0..<500 where after <= before {
                usleep(10_000)
                after = try adopter.logs("adopted").count
            }
            #expect(after > before)
            try adopter.kill("adopted", signal: SIGKILL)
            let finished = try adopter.wait("adopted")
            #expect(finished.state.status == .exited)
            #expect(finished.state.exitCode == 137)
        }
    }

    @Test func commandNotFoundExits127WithAClearMessage() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["nothere"])
            let finished = try fixture.store.wait(record.id)
            #expect(finished.state.exitCode == 127)
            #expect(try fixture.output(record.id).contains("exec nothere: not found"))
        }
    }

    @Test func badUserNameFailsTheStartAndLeavesNoCgroupOrShim() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.store.create(fixture.config(["true"]) { $0.spec.user = "nosuchuser" })
            let error = try #require(throws: EngineError.self) { try fixture.store.start(record.id) }
            #expect("\(error)".contains("nosuchuser"))
            let failed = try fixture.store.inspect(record.id)
            #expect(failed.state.status == .created && failed.state.error.contains("nosuchuser"))
            try fixture.store.delete(record.id)
            #expect(fixture.leftovers(record.id).isEmpty)
        }
    }

    @Test func unknownCapabilityIsRefusedAtCreate() throws {
        try StoreFixture.with { fixture in
            let error = try #require(throws: EngineError.self) {
                try fixture.store.create(fixture.config(["true"]) { $0.spec.capabilities = ["CAP_NOPE"] })
            }
            #expect("\(error)".contains("CAP_NOPE"))
            #expect(fixture.store.list().isEmpty)
        }
    }

    @Test func malformedSeccompProfileIsRefusedAtCreate() throws {
        try StoreFixture.with { fixture in
            for text in [#"{"defaultAction":"SCMP_ACT_NOPE","syscalls":[]}"#, "{"] {
                let error = try #require(throws: EngineError.self) {
                    try SeccompProfile(json: Data(text.utf8), source: "profile.json")
                }
                #expect("\(error)".contains("profile.json"))
            }
            #expect(fixture.store.list().isEmpty)
        }
    }

    @Test func limitBelowWhatTheKernelAcceptsFailsTheStartAndLeavesNothing() throws {
        try StoreFixture.with { fixture in
            let tooSmall = try #require(throws: EngineError.self) {
                try fixture.store.create(
                    fixture.config(["true"]) {
                        $0.spec.resources.cpuPeriod = 100_000
                        $0.spec.resources.cpuQuota = 500
                    })
            }
            #expect("\(tooSmall)".contains("cpu_quota"))
            // A cpuset the kernel refuses (no such cpu): the error comes from the cgroup write.
            let record = try fixture.store.create(fixture.config(["true"]) { $0.spec.resources.cpusetCpus = "63" })
            #expect(throws: EngineError.self) { try fixture.store.start(record.id) }
            #expect(
                ((try? Cgroups(path: "berth/" + record.id).folders) ?? []).allSatisfy {
                    !FileManager.default.fileExists(atPath: $0)
                })
            try fixture.store.delete(record.id)
            #expect(fixture.leftovers(record.id).isEmpty)
        }
    }
}
