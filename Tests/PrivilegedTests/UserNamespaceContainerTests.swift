import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

/// Containers with a user namespace (`userns`): container root is host uid 100000.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct UserNamespaceContainerTests {
    private static let remap = UserNamespace.remapped()

    /// Runs `spec` in the foreground; returns the status and the combined output.
    private func run(_ spec: ContainerSpec, in directory: String) throws -> (status: Int32, output: String) {
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let path = directory + "/output"
        let output = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { [input, output].forEach { close($0) } }
        let status = try ContainerRuntime().run(spec, stdio: (input, output, output))
        return (status, try String(contentsOfFile: path, encoding: .utf8))
    }

    private func owner(_ path: String) -> (uid: UInt32, gid: UInt32)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (info.st_uid, info.st_gid)
    }

    /// The map lines as the kernel prints them, split into numbers.
    private func mapLines(_ text: Substring) -> [String] {
        text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }

    @Test func mapsShowInsideAndRootIsUidZero() throws {
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs),
                args: ["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g; stat -c %u:%g /"])
            spec.userNamespace = Self.remap
            let result = try run(spec, in: fixture.directory)
            #expect(result.status == 0, "\(result.output)")
            #expect(mapLines(Substring(result.output)) == ["0 100000 65536", "0 100000 65536", "0", "0", "0:0"])
        }
    }

    @Test func overlayWritesLandInUpperAsTheMappedUid() throws {
        try BusyboxRootfs.with { fixture in
            let folders = ["upper", "work", "merged"].map { fixture.directory + "/" + $0 }
            for folder in folders {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            var spec = ContainerSpec(
                root: .overlay(lower: [fixture.rootfs], upper: folders[0], work: folders[1], target: folders[2]),
                args: ["sh", "-c", "echo hi > /written && stat -c %u:%g /written /bin/busybox / && mkdir /made"])
            spec.userNamespace = Self.remap
            spec.mounts = [ContainerSpec.Mount(type: "tmpfs", source: "", destination: "/new/scratch")]
            let result = try run(spec, in: fixture.directory)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output == "0:0\n0:0\n0:0\n")
            #expect(owner(folders[0] + "/written")! == (100_000, 100_000))
            #expect(owner(folders[0] + "/made")! == (100_000, 100_000))
            // Mount points container-init made belong to container root too.
            #expect(owner(folders[0] + "/new")! == (100_000, 100_000))
            #expect(owner(folders[0])! == (100_000, 100_000))
            // The shared lower layer is unchanged.
            #expect(!FileManager.default.fileExists(atPath: fixture.rootfs + "/written"))
            #expect(owner(fixture.rootfs + "/bin/busybox")! == (0, 0))
            #expect(owner(fixture.rootfs)! == (0, 0))
        }
    }

    @Test func bindMountsAreNotIdmapped() throws {
        try BusyboxRootfs.with { fixture in
            let data = fixture.directory + "/data"
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false)
            chmod(data, 0o777)
            try "host\n".write(toFile: data + "/hostfile", atomically: false, encoding: .utf8)
            chmod(data + "/hostfile", 0o644)
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs),
                args: ["sh", "-c", "echo new > /data/new; echo changed > /data/hostfile; echo status $?"])
            spec.userNamespace = Self.remap
            spec.mounts = [ContainerSpec.Mount(type: "bind", source: data, destination: "/data", options: ["rbind"])]
            let result = try run(spec, in: fixture.directory)
            #expect(result.output.hasSuffix("status 1\n"), "\(result.output)")
            #expect(owner(data + "/new")! == (100_000, 100_000))
            #expect(try String(contentsOfFile: data + "/hostfile", encoding: .utf8) == "host\n")
        }
    }

    @Test func rootInsideCannotChangeHostnameOrMountEvenPrivileged() throws {
        try BusyboxRootfs.with { fixture in
            try FileManager.default.createDirectory(atPath: fixture.rootfs + "/mnt", withIntermediateDirectories: false)
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs),
                args: [
                    "sh", "-c",
                    "hostname x 2>/dev/null && echo hostname-changed; mount -t tmpfs none /mnt 2>/dev/null && echo mounted; echo done",
                ])
            spec.userNamespace = Self.remap
            spec.makePrivileged()
            let result = try run(spec, in: fixture.directory)
            #expect(result.status == 0)
            #expect(result.output == "done\n")
        }
    }

    @Test func rootInsideBindsPortEighty() throws {
        try BusyboxRootfs.with { fixture in
            // httpd binds before it daemonizes: its status says whether the bind worked.
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs),
                args: ["sh", "-c", "cat /proc/sys/net/ipv4/ip_unprivileged_port_start; httpd -p 80 && echo bound"])
            spec.userNamespace = Self.remap
            let result = try run(spec, in: fixture.directory)
            #expect(result.output == "0\nbound\n")
            // The spec's own sysctl wins, and then container root lacks the right: the sysctl is what works.
            spec.sysctls = ["net.ipv4.ip_unprivileged_port_start": "1024"]
            let refused = try run(spec, in: fixture.directory)
            #expect(refused.output.hasPrefix("1024\n") && !refused.output.contains("bound"), "\(refused.output)")
        }
    }

    @Test func initAndSlaveBindsWorkInAUserNamespace() throws {
        try BusyboxRootfs.with { fixture in
            let folders = ["upper", "work", "merged", "data"].map { fixture.directory + "/" + $0 }
            for folder in folders {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            var spec = ContainerSpec(
                root: .overlay(lower: [fixture.rootfs], upper: folders[0], work: folders[1], target: folders[2]),
                args: [
                    "sh", "-c",
                    "cat /proc/1/cmdline | tr '\\0' ' '; echo; id -u; grep -c ' /data ' /proc/self/mountinfo",
                ])
            spec.userNamespace = Self.remap
            spec.initProcess = true
            spec.mounts = [
                ContainerSpec.Mount(
                    type: "bind", source: folders[3], destination: "/data", options: ["rbind", "rslave"])
            ]
            let result = try run(spec, in: fixture.directory)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output == "container-init \n0\n1\n")
        }
    }

    @Test func nonRootUserMapsToo() throws {
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs), args: ["sh", "-c", "id -u; id -g; touch /tmp/x"])
            spec.userNamespace = Self.remap
            spec.user = "1000:1000"
            let result = try run(spec, in: fixture.directory)
            // /tmp of the folder rootfs is host root's 0755: container root's, not user 1000's.
            #expect(result.output.hasPrefix("1000\n1000\n"), "\(result.output)")
            #expect(result.status == 1)
        }
    }

    @Test func execJoinsTheUserNamespaceAndNothingIsLeft() throws {
        try StoreFixture.with { fixture in
            var config = fixture.config(["sleep", "30"])
            config.spec.userNamespace = Self.remap
            config.layers = [fixture.rootfs.rootfs]
            let created = try fixture.store.create(config)
            let record = try fixture.store.start(created.id)
            let output = fixture.rootfs.directory + "/exec.out"
            let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            defer { close(fd) }
            let script = "cat /proc/self/uid_map; id -u; touch /fromexec; stat -c %u /etc/hosts"
            let status = try fixture.store.exec(
                record.id, ExecOptions(args: ["sh", "-c", script]), stdio: (fd, fd, fd))
            #expect(status == 0)
            let seen = try String(contentsOfFile: output, encoding: .utf8)
            #expect(mapLines(Substring(seen)) == ["0 100000 65536", "0", "0"])
            #expect(owner(fixture.store.directory(record.id) + "/upper/fromexec")! == (100_000, 100_000))
            try fixture.store.delete(record.id, force: true)
            #expect(fixture.leftovers(record.id).isEmpty)
        }
    }

    @Test func folderRootfsThroughTheStoreGetsWritableEtcFiles() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sh", "-c", "stat -c %u:%g /etc/hosts /data; echo 10.0.0.1 x >> /etc/hosts"])
            {
                $0.spec.userNamespace = Self.remap
                $0.spec.mounts = [ContainerSpec.Mount(type: "tmpfs", source: "", destination: "/data")]
            }
            let finished = try fixture.store.wait(record.id)
            #expect(finished.state.exitCode == 0)
            #expect(try fixture.output(record.id) == "0:0\n0:0\n")
            // The mount points were made in the shared folder as host root, never as the mapped ids.
            #expect(owner(fixture.rootfs.rootfs + "/data")! == (0, 0))
            #expect(owner(fixture.rootfs.rootfs + "/etc/hosts")! == (0, 0))
        }
    }

    @Test func ttyContainerRunsInAUserNamespace() throws {
        try StoreFixture.with { fixture in
            // The terminal is made after the namespace is joined: container root owns it and reopens it.
            let script = "id -u; stat -c %u /dev/null /dev/shm $(tty); cat /proc/self/uid_map; echo reopened > $(tty)"
            let record = try fixture.run(["sh", "-c", script]) {
                $0.spec.userNamespace = Self.remap
                $0.tty = true
            }
            let finished = try fixture.store.wait(record.id)
            #expect(finished.state.exitCode == 0)
            let lines = mapLines(Substring(try fixture.output(record.id).replacingOccurrences(of: "\r", with: "")))
            #expect(lines == ["0", "0", "0", "0", "0 100000 65536", "reopened"])
        }
    }

    @Test func inProcessCLITakesUserns() throws {
        try StoreFixture.with { fixture in
            let berth = (try ContainerRuntime().initPath as NSString).deletingLastPathComponent + "/berth"
            func run(_ mode: String) throws -> (status: Int32, output: String) {
                let cli = Process()
                cli.executableURL = URL(fileURLWithPath: berth)
                cli.arguments = [
                    "container", "run", "--root", fixture.root, "--userns", mode, "--rootfs", fixture.rootfs.rootfs,
                    "cat", "/proc/self/uid_map",
                ]
                let pipe = Pipe()
                cli.standardOutput = pipe
                cli.standardError = pipe
                try cli.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                cli.waitUntilExit()
                return (cli.terminationStatus, output)
            }
            let remapped = try run("private")
            #expect(remapped.status == 0 && mapLines(Substring(remapped.output)) == ["0 100000 65536"], "\(remapped)")
            let bad = try run("keep-id")
            #expect(bad.status != 0 && bad.output.contains("--userns keep-id: expected host or private"), "\(bad)")
        }
    }

    @Test(arguments: [
        (
            UserNamespace(uidMappings: [.init(containerID: 0, hostID: 100_000, size: 0)], gidMappings: []),
            "user namespace: uidMappings[0] (0 100000 0): size must be at least 1"
        ),
        (
            UserNamespace(
                uidMappings: [
                    .init(containerID: 0, hostID: 100_000, size: 1000),
                    .init(containerID: 500, hostID: 300_000, size: 10),
                ], gidMappings: []),
            "user namespace: uidMappings[1] (500 300000 10): overlaps uidMappings[0]"
        ),
        (
            UserNamespace(
                uidMappings: [.init(containerID: 0, hostID: 100_000, size: 10)],
                gidMappings: [.init(containerID: 1, hostID: 100_000, size: 10)]),
            "user namespace: gidMappings: container gid 0 is not mapped"
        ),
        (
            UserNamespace(
                uidMappings: [.init(containerID: 0, hostID: 4_294_967_000, size: 65536)], gidMappings: []),
            "user namespace: uidMappings[0] (0 4294967000 65536): the host range passes uid 4294967294"
        ),
    ])
    func badMapsAreClearErrorsAndMakeNothing(namespace: UserNamespace, message: String) throws {
        try StoreFixture.with { fixture in
            var config = fixture.config(["true"])
            config.spec.userNamespace = namespace
            let error = #expect(throws: EngineError.self) { try fixture.store.create(config) }
            #expect(error?.message == message)
            #expect(fixture.store.list().isEmpty)
            let containers = (try? FileManager.default.contentsOfDirectory(atPath: fixture.root + "/containers")) ?? []
            #expect(containers.isEmpty)
        }
    }
}
