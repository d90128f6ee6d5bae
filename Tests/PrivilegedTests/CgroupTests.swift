import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

/// cgroup v1 limits on the real kernel (the v2 path is probed and skipped where v2 has no memory
/// controller, as on these machines). Every test uses its own parent `berth-test-<uuid>` and checks
/// that nothing is left under it.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct CgroupTests {
    /// Runs `args` in a busybox container in cgroup `<parent>/c1`, then checks and removes the parent.
    private func run(_ args: [String], configure: (inout ContainerSpec) -> Void) throws -> (
        ContainerRuntime.Exit, String
    ) {
        let parent = "berth-test-\(UUID().uuidString.prefix(8))"
        let parents = try Cgroups(path: parent + "/c1").folders.map { String($0.dropLast(3)) }
        defer {
            for folder in parents {
                let left = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.filter {
                    var isDirectory: ObjCBool = false
                    return FileManager.default.fileExists(atPath: folder + "/" + $0, isDirectory: &isDirectory)
                        && isDirectory.boolValue
                }
                #expect(left?.isEmpty ?? true, "cgroups left under \(folder): \(left ?? [])")
                rmdir(folder)
            }
        }
        var exit: ContainerRuntime.Exit?
        var errors = ""
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(root: .directory(fixture.rootfs), args: args)
            spec.cgroupPath = parent + "/c1"
            configure(&spec)
            let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
            let output = open("/dev/null", O_WRONLY | O_CLOEXEC)
            let stderr = open(fixture.directory + "/stderr", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            defer { [input, output, stderr].forEach { close($0) } }
            exit = try ContainerRuntime().runContainer(spec, stdio: (input, output, stderr))
            errors = (try? String(contentsOfFile: fixture.directory + "/stderr", encoding: .utf8)) ?? ""
        }
        return (try #require(exit), errors)
    }

    @Test func memoryLimitOOMKillsAHog() throws {
        try requireV1()
        let (exit, errors) = try run(["tail", "/dev/zero"]) {
            $0.resources.memory = 16 << 20
            $0.resources.memorySwap = 16 << 20
        }
        #expect(exit == .init(status: 137, oomKilled: true), "\(errors)")
    }

    @Test func exitWithinTheLimitIsNotAnOOMKill() throws {
        try requireV1()
        let (exit, _) = try run(["sh", "-c", "exit 3"]) { $0.resources.memory = 16 << 20 }
        #expect(exit == .init(status: 3, oomKilled: false))
    }

    @Test func pidsLimitContainsAForkLoop() throws {
        try requireV1()
        let (exit, errors) = try run(["sh", "-c", "for i in $(seq 1 40); do sleep 1 & done; wait"]) {
            $0.resources.pidsLimit = 10
        }
        #expect(exit.status != 0 || errors.contains("fork"), "\(exit) \(errors)")
        #expect(errors.contains("fork"), "\(errors)")
    }

    @Test func limitsAreVisibleInsideTheCgroup() throws {
        try requireV1()
        let (exit, errors) = try run(["sh", "-c", "grep -q /c1 /proc/self/cgroup"]) {
            $0.resources.setCPUs(0.5)
            $0.resources.cpuShares = 256
            $0.resources.cpusetCpus = "0"
            $0.namespaces.remove(.cgroup)
        }
        #expect(exit.status == 0, "\(errors)")
    }

    /// container-init moves itself into each v1 hierarchy (Cgroups.selfJoinFiles): every one of
    /// them must hold the process, not only the ones a limit was set in.
    @Test func theProcessIsInTheContainersCgroupOfEveryHierarchy() throws {
        try requireV1()
        let (exit, errors) = try run(["sh", "-c", "cat /proc/self/cgroup >&2"]) {
            $0.resources.pidsLimit = 100
            $0.namespaces.remove(.cgroup)
        }
        #expect(exit.status == 0, "\(errors)")
        // hierarchy-id:controller[,controller...]:path, one line per hierarchy.
        let managed: Set<Substring> = ["memory", "pids", "freezer", "cpuset", "blkio", "cpu", "cpuacct"]
        let lines = errors.split(separator: "\n").map { $0.split(separator: ":", maxSplits: 2) }
        let ours = lines.filter { $0.count == 3 && !managed.isDisjoint(with: $0[1].split(separator: ",")) }
        #expect(ours.count >= 4, "\(errors)")
        for line in ours {
            #expect(line[2].hasSuffix("/c1") && line[2].contains("/berth-test-"), "\(line) of \(errors)")
        }
    }

    @Test func cgroupNamespaceIsRootedAtTheContainersCgroup() throws {
        try requireV1()
        let (exit, errors) = try run(["sh", "-c", "grep -qx '[0-9]*:memory:/' /proc/self/cgroup"]) {
            $0.resources.pidsLimit = 100
            $0.namespaces.insert(.cgroup)
        }
        #expect(exit.status == 0, "\(errors)")
    }

    @Test func setupFailureRemovesTheCgroup() throws {
        try requireV1()
        #expect(throws: EngineError.self) {
            try run(["true"]) {
                $0.resources.pidsLimit = 10
                $0.cwd = "/no/such/dir"
            }
        }
    }

    @Test func v2PathWhereUsable() throws {
        let controllers =
            (try? String(contentsOfFile: "/sys/fs/cgroup/unified/cgroup.controllers", encoding: .utf8)) ?? ""
        guard controllers.split(separator: " ").contains("memory") else {
            try Test.cancel("cgroup2 memory controller not enabled (v1 holds memory here)")
        }
        let cgroups = try Cgroups(root: "/sys/fs/cgroup/unified", path: "berth-test-\(UUID().uuidString.prefix(8))/c1")
        #expect(cgroups.version == .v2)
    }

    private func requireV1() throws {
        var info = stat()
        try #require(stat("/sys/fs/cgroup/memory/memory.limit_in_bytes", &info) == 0, "cgroup v1 memory expected")
    }
}

/// berth's config.json must run the same under runc (Debian's), which reads the same fields.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct RuncCompatibilityTests {
    @Test func runcAppliesTheSameConfinementFromConfigJSON() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/runc") else {
            try Test.cancel("runc is not installed (apt-get install runc)")
        }
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs),
                args: ["sh", "-c", "grep -E '^(Cap|NoNewPrivs|Seccomp:)' /proc/self/status; id -u; id -g; ulimit -n"])
            spec.user = "1000:1000"
            spec.rlimits = [try Rlimit(type: "nofile", soft: 100, hard: 100)]
            spec.capabilities = try Capabilities.resolve(add: ["NET_ADMIN"], drop: ["MKNOD"])
            spec.resources.pidsLimit = 50
            let name = "berth-test-\(UUID().uuidString.prefix(8))"
            spec.cgroupPath = name + "/runc"
            // runc also makes the parent in devices, freezer and name=systemd: remove it in every hierarchy.
            defer {
                let hierarchies = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? []
                for hierarchy in hierarchies { rmdir("/sys/fs/cgroup/\(hierarchy)/\(name)") }
            }
            let bundle = fixture.directory
            let config = OCIConfig(spec: spec)
            try OCIBundle(directory: bundle, config: config).write()
            let runc = Process()
            runc.executableURL = URL(fileURLWithPath: "/usr/sbin/runc")
            runc.arguments = ["--root", bundle + "/runc-state", "run", "--bundle", bundle, name]
            let pipe = Pipe()
            runc.standardOutput = pipe
            runc.standardInput = FileHandle.nullDevice
            try runc.run()
            let theirs = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            runc.waitUntilExit()
            #expect(runc.terminationStatus == 0)
            spec.cgroupPath = name + "/berth"
            let output = open(bundle + "/berth-out", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            defer { close(output) }
            let status = try ContainerRuntime().run(spec, stdio: (0, output, 2))
            let ours = try String(contentsOfFile: bundle + "/berth-out", encoding: .utf8)
            #expect(status == 0)
            #expect(ours == theirs)
            #expect(ours.contains("CapBnd:\t00000000a00435fb"))
        }
    }
}
