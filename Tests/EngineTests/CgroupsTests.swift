import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

/// cgroup writes against a temp folder of fake control files (the kernel's folders come with their
/// files; here the test makes them).
@Suite struct CgroupsTests {
    private static let v1Files: [String: [String]] = [
        "memory": [
            "memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.soft_limit_in_bytes", "memory.oom_control",
        ],
        "cpu": ["cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.shares"],
        "cpuacct": [],
        "pids": ["pids.max"],
        "cpuset": ["cpuset.cpus", "cpuset.mems"],
        "blkio": [],
    ]

    /// A fake hierarchy with the container's folders made in advance, removed afterwards.
    private func withFakeRoot(v2: Bool = false, _ body: (String) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("berth-cg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = FileManager.default
        if v2 {
            try files.createDirectory(atPath: root + "/berth/c1", withIntermediateDirectories: true)
            try "cpu io memory pids cpuset\n".write(
                toFile: root + "/cgroup.controllers", atomically: false, encoding: .utf8)
            for file in ["cgroup.subtree_control"] {
                try "".write(toFile: root + "/" + file, atomically: false, encoding: .utf8)
                try "".write(toFile: root + "/berth/" + file, atomically: false, encoding: .utf8)
            }
            for file in [
                "memory.max", "memory.low", "memory.swap.max", "cpu.max", "cpu.weight", "pids.max", "io.weight",
                "cgroup.procs", "memory.events",
            ] {
                try "".write(toFile: root + "/berth/c1/" + file, atomically: false, encoding: .utf8)
            }
        } else {
            for (controller, names) in Self.v1Files {
                try files.createDirectory(atPath: root + "/\(controller)/berth/c1", withIntermediateDirectories: true)
                for name in names + ["cgroup.procs"] {
                    try "".write(toFile: root + "/\(controller)/berth/c1/\(name)", atomically: false, encoding: .utf8)
                }
            }
            try "0-1\n".write(toFile: root + "/cpuset/cpuset.cpus", atomically: false, encoding: .utf8)
            try "0\n".write(toFile: root + "/cpuset/cpuset.mems", atomically: false, encoding: .utf8)
            for name in ["cpuset.cpus", "cpuset.mems"] {
                try "".write(toFile: root + "/cpuset/berth/" + name, atomically: false, encoding: .utf8)
            }
        }
        try body(root)
    }

    private func contents(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func v1LimitsLandInTheirControlFiles() throws {
        try withFakeRoot { root in
            let cgroups = try Cgroups(root: root, path: "berth/c1")
            #expect(cgroups.version != .v2)
            var resources = Resources()
            resources.memory = 64 << 20
            resources.memoryReservation = 32 << 20
            resources.setCPUs(1.5)
            resources.cpuShares = 512
            resources.pidsLimit = 10
            try cgroups.create(resources)
            let leaf = root + "/%@/berth/c1/"
            func file(_ controller: String, _ name: String) -> String? {
                contents(leaf.replacingOccurrences(of: "%@", with: controller) + name)
            }
            #expect(file("memory", "memory.limit_in_bytes") == "67108864")
            #expect(file("memory", "memory.memsw.limit_in_bytes") == "134217728")
            #expect(file("memory", "memory.soft_limit_in_bytes") == "33554432")
            #expect(file("cpu", "cpu.cfs_period_us") == "100000")
            #expect(file("cpu", "cpu.cfs_quota_us") == "150000")
            #expect(file("cpu", "cpu.shares") == "512")
            #expect(file("pids", "pids.max") == "10")
            // cpuset inherits the parent's cpus and mems down the path, or nothing could join it.
            #expect(contents(root + "/cpuset/berth/cpuset.cpus") == "0-1")
            #expect(file("cpuset", "cpuset.mems") == "0")
            // v1: container-init moves itself in ("0" to each tasks file); the engine writes no pid.
            try cgroups.join(4242)
            #expect(file("pids", "cgroup.procs") == "")
            #expect(cgroups.selfJoinFiles.sorted() == cgroups.folders.map { $0 + "/tasks" }.sorted())
            #expect(cgroups.selfJoinFiles.contains { $0.hasSuffix("/pids/berth/c1/tasks") })
        }
    }

    @Test func oomKillCounterIsRead() throws {
        try withFakeRoot { root in
            let cgroups = try Cgroups(root: root, path: "berth/c1")
            let file = root + "/memory/berth/c1/memory.oom_control"
            try "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n".write(toFile: file, atomically: false, encoding: .utf8)
            #expect(!cgroups.oomKilled())
            try "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n".write(toFile: file, atomically: false, encoding: .utf8)
            #expect(cgroups.oomKilled())
        }
    }

    @Test func missingControlFileNamesTheField() throws {
        try withFakeRoot { root in
            let cgroups = try Cgroups(root: root, path: "berth/c1")
            var resources = Resources()
            resources.blkioWeight = 500
            #expect {
                try cgroups.create(resources)
            } throws: { "\($0)".contains("blkio_weight") && "\($0)".contains("blkio.weight") }
        }
    }

    @Test func limitsBelowTheKernelsAreRefused() throws {
        var resources = Resources()
        resources.memory = 1024
        #expect { try resources.validate() } throws: { "\($0)".contains("memory 1024") }
        resources = Resources()
        resources.cpuShares = 1
        #expect { try resources.validate() } throws: { "\($0)".contains("cpu_shares") }
    }

    @Test func pathEscapingTheParentIsRefused() {
        #expect(throws: EngineError.self) { try Cgroups(root: "/tmp", path: "../x") }
    }

    @Test func v2WritesUnifiedFilesAndDelegatesControllers() throws {
        try withFakeRoot(v2: true) { root in
            let cgroups = try Cgroups(root: root, path: "berth/c1")
            #expect(cgroups.version == .v2)
            var resources = Resources()
            resources.memory = 64 << 20
            resources.setCPUs(0.5)
            resources.cpuShares = 1024
            resources.pidsLimit = 20
            resources.blkioWeight = 500
            try cgroups.create(resources)
            #expect(contents(root + "/cgroup.subtree_control") == "+cpu +cpuset +io +memory +pids")
            #expect(contents(root + "/berth/cgroup.subtree_control") == "+cpu +cpuset +io +memory +pids")
            #expect(contents(root + "/berth/c1/memory.max") == "67108864")
            #expect(contents(root + "/berth/c1/memory.swap.max") == "67108864")
            #expect(contents(root + "/berth/c1/cpu.max") == "50000 100000")
            #expect(contents(root + "/berth/c1/cpu.weight") == "39")
            #expect(contents(root + "/berth/c1/pids.max") == "20")
            #expect(contents(root + "/berth/c1/io.weight") == "4950")
            // v2: the engine writes container-init's pid; container-init has nothing to join itself.
            try cgroups.join(4242)
            #expect(contents(root + "/berth/c1/cgroup.procs") == "4242")
            #expect(cgroups.selfJoinFiles.isEmpty)
            try "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n".write(
                toFile: root + "/berth/c1/memory.events", atomically: false, encoding: .utf8)
            #expect(cgroups.oomKilled())
        }
    }

    @Test func resourcesRoundTripThroughConfigJSON() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.resources.memory = 64 << 20
        spec.resources.pidsLimit = 10
        spec.resources.setCPUs(1)
        spec.cgroupPath = "berth/c1"
        let config = OCIConfig(spec: spec)
        #expect(config.linux?.cgroupsPath == "/berth/c1")
        #expect(config.linux?.resources?.memory?.limit == 64 << 20)
        #expect(try OCIBundle(directory: "/b", config: config).containerSpec().resources == spec.resources)
    }
}
