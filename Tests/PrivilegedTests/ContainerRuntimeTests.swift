import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ContainerRuntimeTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `args` in a fresh busybox container and captures its output through files.
    private func run(
        _ args: [String], configure: (inout ContainerSpec) -> Void = { _ in },
        check: (Result, BusyboxRootfs) throws -> Void
    ) throws {
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(root: .directory(fixture.rootfs), args: args)
            configure(&spec)
            let result = try runCapturing(spec, in: fixture.directory)
            try check(result, fixture)
        }
    }

    private func runCapturing(_ spec: ContainerSpec, in directory: String) throws -> Result {
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let output = open(directory + "/stdout", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        let errors = open(directory + "/stderr", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        defer { [input, output, errors].forEach { close($0) } }
        let status = try ContainerRuntime().run(spec, stdio: (input, output, errors))
        return Result(
            status: status,
            stdout: try String(contentsOfFile: directory + "/stdout", encoding: .utf8),
            stderr: try String(contentsOfFile: directory + "/stderr", encoding: .utf8))
    }

    @Test func trueExitsZero() throws {
        try run(["true"]) { result, _ in #expect(result.status == 0) }
    }

    @Test func falseExitsOne() throws {
        try run(["false"]) { result, _ in #expect(result.status == 1) }
    }

    @Test func exitCodeIsPassedThrough() throws {
        try run(["sh", "-c", "exit 42"]) { result, _ in #expect(result.status == 42) }
    }

    @Test func processIsPidOne() throws {
        try run(["sh", "-c", "echo $$"]) { result, _ in #expect(result.stdout == "1\n") }
    }

    @Test func hostProcessesAreInvisible() throws {
        try run(["sh", "-c", "ls -d /proc/[0-9]*"]) { result, _ in #expect(result.stdout == "/proc/1\n") }
    }

    @Test func hostnameIsTheContainers() throws {
        try run(["hostname"], configure: { $0.hostname = "box-1" }) { result, _ in
            #expect(result.stdout == "box-1\n")
        }
    }

    @Test func newNetnsHasOnlyLoopback() throws {
        try run(["ls", "/sys/class/net"]) { result, _ in #expect(result.stdout == "lo\n") }
    }

    /// This VM's kernel has no /proc/kcore; where it exists it must be /dev/null (1:3) like /proc/keys.
    @Test func maskedFilesAreDevNull() throws {
        let files = ["/proc/kcore", "/proc/keys", "/proc/timer_list"].filter {
            FileManager.default.fileExists(atPath: $0)
        }
        try run(["stat", "-c", "%t:%T"] + files) { result, _ in
            #expect(result.stdout == String(repeating: "1:3\n", count: files.count))
        }
    }

    @Test func maskedDirectoriesAreEmptyAndReadOnly() throws {
        try run(["sh", "-c", "ls -A /sys/firmware; touch /sys/firmware/x"]) { result, _ in
            #expect(result.stdout == "")
            #expect(result.status == 1)
        }
    }

    @Test func procSysIsReadOnly() throws {
        try run(["sh", "-c", "echo x > /proc/sys/kernel/hostname"]) { result, _ in #expect(result.status != 0) }
    }

    @Test func standardDevicesExist() throws {
        try run(["sh", "-c", "ls /dev && head -c 4 /dev/zero | wc -c && echo x > /dev/null"]) { result, _ in
            #expect(result.status == 0)
            for name in ["full", "mqueue", "null", "ptmx", "pts", "random", "shm", "tty", "urandom", "zero"] {
                #expect(result.stdout.split(separator: "\n").contains(Substring(name)), "/dev/\(name)")
            }
            #expect(result.stdout.hasSuffix("4\n"))
        }
    }

    @Test func writingToReadOnlyRootFails() throws {
        try run(["touch", "/written"], configure: { $0.readonlyRoot = true }) { result, fixture in
            #expect(result.status == 1)
            #expect(!FileManager.default.fileExists(atPath: fixture.rootfs + "/written"))
        }
    }

    @Test func writingToWritableRootReachesTheFolder() throws {
        try run(["touch", "/written"]) { result, fixture in
            #expect(result.status == 0)
            #expect(FileManager.default.fileExists(atPath: fixture.rootfs + "/written"))
        }
    }

    @Test func missingCommandExits127() throws {
        try run(["no-such-command"]) { result, _ in
            #expect(result.status == 127)
            #expect(result.stderr == "berth: exec no-such-command: not found\n")
        }
    }

    @Test func signalsAreUnblockedAndNotIgnored() throws {
        try run(["grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"]) { result, _ in
            #expect(result.stdout == "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n")
        }
    }

    @Test func workingDirectoryAndEnvironmentApply() throws {
        try run(
            ["sh", "-c", "pwd; echo $GREETING"],
            configure: {
                $0.cwd = "/tmp"; $0.env.append("GREETING=hi")
            }
        ) {
            result, _ in
            #expect(result.stdout == "/tmp\nhi\n")
        }
    }

    @Test func bindAndTmpfsMountsApply() throws {
        try BusyboxRootfs.with { fixture in
            let shared = fixture.directory + "/shared"
            try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
            try "hello\n".write(toFile: shared + "/file", atomically: false, encoding: .utf8)
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs), args: ["sh", "-c", "cat /data/file; touch /data/x; touch /scratch/y"])
            spec.mounts = [
                .init(type: "bind", source: shared, destination: "/data", options: ["rbind", "ro"]),
                .init(type: "tmpfs", source: "tmpfs", destination: "/scratch", options: ["size=1m"]),
            ]
            let result = try runCapturing(spec, in: fixture.directory)
            #expect(result.stdout == "hello\n")
            #expect(result.status == 0)
            #expect(result.stderr.contains("/data/x"))
            #expect(!FileManager.default.fileExists(atPath: shared + "/x"))
        }
    }

    @Test func setupFailureThrowsAndLeavesNothing() throws {
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(root: .directory(fixture.rootfs), args: ["true"])
            spec.cwd = "/no/such/dir"
            let error = #expect(throws: EngineError.self) { try runCapturing(spec, in: fixture.directory) }
            #expect(error?.code == .initFailed)
            #expect(error?.message.contains("chdir /no/such/dir") == true)
        }
    }

    @Test func missingRootfsThrows() throws {
        let spec = ContainerSpec(root: .directory("/no/such/rootfs"), args: ["true"])
        let error = #expect(throws: EngineError.self) { try ContainerRuntime().run(spec) }
        #expect(error?.code == .notFound)
        #expect(error?.message == "rootfs folder /no/such/rootfs does not exist")
    }

    @Test func overlayRootKeepsTheLowerLayerUntouched() throws {
        try BusyboxRootfs.with { fixture in
            let folders = ["upper", "work", "merged"].map { fixture.directory + "/" + $0 }
            for folder in folders {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let root = ContainerSpec.Root.overlay(
                lower: [fixture.rootfs], upper: folders[0], work: folders[1], target: folders[2])
            let spec = ContainerSpec(root: root, args: ["sh", "-c", "echo hi > /written && cat /written"])
            let result = try runCapturing(spec, in: fixture.directory)
            #expect(result.stdout == "hi\n")
            #expect(FileManager.default.fileExists(atPath: folders[0] + "/written"))
            #expect(!FileManager.default.fileExists(atPath: fixture.rootfs + "/written"))
        }
    }
}
