import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

/// `init: true`, shm_size, bind propagation, and mount targets resolved inside the rootfs.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ContainerInitTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `spec` in the foreground with stdout and stderr captured through files in `directory`.
    private func runCapturing(_ spec: ContainerSpec, in directory: String) throws -> Result {
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let output = open(directory + "/stdout", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let errors = open(directory + "/stderr", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { [input, output, errors].forEach { close($0) } }
        let status = try ContainerRuntime().run(spec, stdio: (input, output, errors))
        return Result(
            status: status,
            stdout: try String(contentsOfFile: directory + "/stdout", encoding: .utf8),
            stderr: try String(contentsOfFile: directory + "/stderr", encoding: .utf8))
    }

    /// Runs `args` on a fresh busybox rootfs with `init` on.
    private func runWithInit(_ args: [String], check: (Result) throws -> Void) throws {
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(root: .directory(fixture.rootfs), args: args)
            spec.initProcess = true
            try check(try runCapturing(spec, in: fixture.directory))
        }
    }

    @Test func initIsPidOneAndTheProcessIsNot() throws {
        try runWithInit(["sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline; echo; echo $$; cat /proc/$$/stat"]) { result in
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(result.status == 0)
            try #require(lines.count == 3, "\(result)")
            #expect(lines[0].contains("container-init"))
            #expect(lines[1] != "1")
            // Field 4 of /proc/PID/stat is the parent: the init.
            let fields = lines[2].split(separator: ")").last?.split(separator: " ") ?? []
            #expect(fields.count > 1 && fields[1] == "1")
        }
    }

    @Test func orphanedZombiesAreReaped() throws {
        // The backgrounded sleep's subshell exits at once: the sleep is adopted by pid 1 and ends as a
        // zombie 0.1 s later, while sh still runs.
        try runWithInit(["sh", "-c", "(sleep 0.1 &); sleep 1; cat /proc/[0-9]*/stat"]) { result in
            #expect(result.status == 0)
            let states = result.stdout.split(separator: "\n").compactMap {
                $0.split(separator: ")").last?.split(separator: " ").first
            }
            #expect(!states.isEmpty)
            #expect(!states.contains("Z"), "\(result.stdout)")
        }
    }

    @Test func exitStatusIsTheProcesss() throws {
        try runWithInit(["sh", "-c", "exit 42"]) { result in #expect(result.status == 42) }
        try runWithInit(["sh", "-c", "kill -KILL $$"]) { result in #expect(result.status == 137) }
    }

    @Test func missingCommandUnderInitExits127() throws {
        try runWithInit(["no-such-command"]) { result in
            #expect(result.status == 127)
            #expect(result.stderr == "berth: exec no-such-command: not found\n")
        }
    }

    @Test func processUnderInitHasNoBlockedOrIgnoredSignals() throws {
        try runWithInit(["grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"]) { result in
            #expect(result.stdout == "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n")
        }
    }

    @Test func stopSignalIsForwardedAndTheStatusIsTheProcesss() throws {
        try StoreFixture.with { fixture in
            // Without forwarding the shell would never see TERM and stop would end in SIGKILL (137).
            let script = "trap 'echo got; exit 3' TERM; echo ready; while :; do sleep 0.1; done"
            let record = try fixture.run(["sh", "-c", script]) { $0.spec.initProcess = true }
            for _ in 0..<500 {
                if try fixture.output(record.id).contains("ready") { break }
                usleep(10_000)
            }
            let stopped = try fixture.store.stop(record.id, timeout: 30)
            #expect(stopped.state.exitCode == 3)
            #expect(try fixture.output(record.id).contains("got\n"))
        }
    }

    @Test func shmSizeSetsTheDevShmLimit() throws {
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs),
                args: ["sh", "-c", "grep ' /dev/shm ' /proc/mounts; dd if=/dev/zero of=/dev/shm/x bs=1024 count=2048"])
            spec.shmSize = 1 << 20
            let result = try runCapturing(spec, in: fixture.directory)
            #expect(result.stdout.contains("size=1024k"), "\(result.stdout)")
            #expect(result.status != 0)
            #expect(result.stderr.contains("No space left"), "\(result.stderr)")
        }
    }

    @Test func shmSizeDefaultsToDockers64MiB() throws {
        try BusyboxRootfs.with { fixture in
            let spec = ContainerSpec(root: .directory(fixture.rootfs), args: ["grep", " /dev/shm ", "/proc/mounts"])
            let result = try runCapturing(spec, in: fixture.directory)
            #expect(result.stdout.contains("size=65536k"), "\(result.stdout)")
        }
    }
}
