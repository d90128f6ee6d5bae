import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

/// The runtime-spec schema's good examples in `../shared/corpus` beside the repository, or under `BERTH_CORPUS`.
private let corpus: String = {
    let root =
        ProcessInfo.processInfo.environment["BERTH_CORPUS"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    return root + "/api/oci/runtime-spec/schema/test/config/good"
}()

@Suite struct OCIBundleTests {
    private func makeSpec() -> ContainerSpec {
        var spec = ContainerSpec(root: .directory("/var/lib/berth/c1/rootfs"), args: ["sh", "-c", "echo $$"])
        spec.env = ["PATH=/bin", "A=b c"]
        spec.cwd = "/tmp"
        spec.hostname = "web-1"
        spec.readonlyRoot = true
        spec.namespaces = [.pid, .mount, .uts, .ipc]
        spec.mounts = [
            .init(type: "bind", source: "/srv/data", destination: "/data", options: ["rbind", "ro"]),
            .init(type: "tmpfs", source: "tmpfs", destination: "/run", options: ["nosuid", "size=1m"]),
        ]
        spec.capabilities = try? Capabilities.resolve(add: ["NET_ADMIN"], drop: ["MKNOD"])
        // config.json carries the resolved (OCI) form of the profile, which resolves to itself.
        spec.seccomp = spec.resolvedSeccomp
        return spec
    }

    @Test func privilegedSpecWritesNoCapabilitiesAndNoSeccomp() throws {
        var spec = makeSpec()
        spec.makePrivileged()
        let config = OCIConfig(spec: spec)
        #expect(config.process?.capabilities == nil)
        #expect(config.linux?.seccomp == nil)
        #expect(config.process?.noNewPrivileges == false)
        #expect(try OCIBundle(directory: "/b", config: config).containerSpec() == spec)
    }

    @Test func writtenSeccompIsTheOCIForm() throws {
        let seccomp = try #require(OCIConfig(spec: makeSpec()).linux?.seccomp)
        #expect(seccomp.archMap == nil)
        #expect(seccomp.architectures?.isEmpty == false)
        #expect(seccomp.syscalls?.allSatisfy { $0.includes == nil && $0.excludes == nil } == true)
    }

    @Test func differingCapabilitySetsAreRefused() throws {
        var config = OCIConfig(spec: makeSpec())
        config.process?.capabilities?.effective = ["CAP_CHOWN"]
        #expect {
            try OCIBundle(directory: "/b", config: config).containerSpec()
        } throws: { "\($0)".contains("process.capabilities.effective") }
    }

    @Test func unknownCapabilityInConfigIsRefused() throws {
        var config = OCIConfig(spec: makeSpec())
        config.process?.capabilities?.bounding = ["CAP_NOPE"]
        #expect {
            try OCIBundle(directory: "/b", config: config).containerSpec()
        } throws: { "\($0)".contains("process.capabilities.bounding") && "\($0)".contains("CAP_NOPE") }
    }

    /// `runc spec` writes the default caps into ambient too: fine for uid 0, refused for another user.
    @Test func ambientCapabilitiesAreAcceptedForRootOnly() throws {
        var config = OCIConfig(spec: makeSpec())
        let bounding = config.process?.capabilities?.bounding
        config.process?.capabilities?.ambient = bounding
        config.process?.user = nil
        let spec = try OCIBundle(directory: "/b", config: config).containerSpec()
        #expect(spec.capabilities == makeSpec().capabilities)
        config.process?.user = OCIConfig.User(uid: 1000, gid: 1000)
        #expect {
            try OCIBundle(directory: "/b", config: config).containerSpec()
        } throws: { "\($0)".contains("process.capabilities.ambient") }
    }

    @Test func writtenConfigReadsBackAsTheSameSpec() throws {
        let spec = makeSpec()
        let data = try JSONEncoder().encode(OCIConfig(spec: spec))
        let config = try JSONDecoder().decode(OCIConfig.self, from: data)
        #expect(try OCIBundle(directory: "/b", config: config).containerSpec() == spec)
    }

    @Test func initAndShmSizeReadBack() throws {
        var spec = makeSpec()
        spec.initProcess = true
        spec.shmSize = 128 << 20
        let config = OCIConfig(spec: spec)
        #expect(config.annotations == [OCIConfig.initAnnotation: "true"])
        #expect(config.mounts?.first { $0.destination == "/dev/shm" }?.options?.last == "size=134217728")
        #expect(try OCIBundle(directory: "/b", config: config).containerSpec() == spec)
    }

    @Test func writeAndLoadThroughTheBundleFolder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("berth-oci-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let spec = makeSpec()
        try OCIBundle(directory: directory, config: OCIConfig(spec: spec)).write()
        #expect(try OCIBundle(directory: directory).containerSpec() == spec)
    }

    @Test func writtenConfigCarriesTheStandardMountsAndNamespaces() {
        let config = OCIConfig(spec: makeSpec())
        #expect(
            config.mounts?.map(\.destination).prefix(6) == [
                "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
            ])
        #expect(config.linux?.namespaces?.map(\.type) == ["mount", "uts", "ipc", "pid"])
        #expect(config.root == OCIConfig.Root(path: "/var/lib/berth/c1/rootfs", readonly: true))
        #expect(config.process?.terminal == false)
    }

    @Test func everyGoodSchemaExampleDecodes() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".json") }
        #expect(!names.isEmpty)
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: corpus + "/" + name))
            #expect(throws: Never.self, "\(name)") { try JSONDecoder().decode(OCIConfig.self, from: data) }
        }
    }

    @Test func relativeRootIsRelativeToTheBundle() throws {
        var config = OCIConfig(spec: makeSpec())
        config.root = .init(path: "rootfs", readonly: nil)
        let spec = try OCIBundle(directory: "/bundles/x", config: config).containerSpec()
        #expect(spec.root == .directory("/bundles/x/rootfs"))
        #expect(spec.readonlyRoot == false)
    }

    @Test func configWithoutMountNamespaceIsRefused() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: corpus + "/minimal-for-start.json"))
        let config = try JSONDecoder().decode(OCIConfig.self, from: data)
        let error = #expect(throws: EngineError.self) { try OCIBundle(directory: "/b", config: config).containerSpec() }
        #expect(error?.code == .invalidSpec)
        #expect(error?.message.contains("mount namespace") == true)
    }

    @Test func terminalProcessIsUnsupported() throws {
        var config = OCIConfig(spec: makeSpec())
        config.process?.terminal = true
        let error = #expect(throws: EngineError.self) { try OCIBundle(directory: "/b", config: config).containerSpec() }
        #expect(error?.code == .unsupported)
    }

    @Test func namespacePathIsUnsupported() throws {
        var config = OCIConfig(spec: makeSpec())
        config.linux?.namespaces?.append(.init(type: "network", path: "/run/netns/x"))
        let error = #expect(throws: EngineError.self) { try OCIBundle(directory: "/b", config: config).containerSpec() }
        #expect(error?.message.contains("linux.namespaces[4]") == true)
    }

    @Test func cgroupAndStandardMountsAreBuiltIn() throws {
        var config = OCIConfig(spec: makeSpec())
        config.mounts?.append(.init(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["ro"]))
        let spec = try OCIBundle(directory: "/b", config: config).containerSpec()
        #expect(spec.mounts.map(\.destination) == ["/data", "/run"])
    }

    @Test func unknownMountTypeIsRefused() throws {
        var config = OCIConfig(spec: makeSpec())
        config.mounts?.append(.init(destination: "/x", type: "nfs", source: "h:/x", options: nil))
        let error = #expect(throws: EngineError.self) { try OCIBundle(directory: "/b", config: config).containerSpec() }
        #expect(error?.message.contains("mounts[8]: type \"nfs\"") == true)
    }
}
