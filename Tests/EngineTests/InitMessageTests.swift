import Testing

@testable import Engine
@testable import RuntimeCore

@Suite struct InitMessageTests {
    private func tokens(_ spec: ContainerSpec) throws -> [String] {
        try InitMessage.encode(spec).split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    @Test func specEncodesAsNulSeparatedRecords() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["sh", "-c", "echo hi"])
        spec.env = ["PATH=/bin"]
        spec.hostname = "h"
        spec.readonlyRoot = true
        spec.maskedPaths = ["/proc/kcore"]
        spec.readonlyPaths = ["/proc/sys"]
        spec.mounts = [.init(type: "bind", source: "/s", destination: "/d", options: ["ro", "rprivate"])]
        spec.makePrivileged()
        #expect(
            try tokens(spec) == [
                "root", "/r", "readonly-root", "newnet", "hostname", "h", "arg", "sh", "arg", "-c", "arg", "echo hi",
                "env", "PATH=/bin", "cwd", "/", "mount", "bind", "/s", "/d", "4097", "", "278528",
                "mask", "/proc/kcore",
                "readonly", "/proc/sys",
            ])
    }

    @Test func hostnameNeedsAUTSNamespace() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.hostname = "h"
        spec.namespaces = [.mount, .pid]
        #expect(try !tokens(spec).contains("hostname"))
        #expect(try !tokens(spec).contains("newnet"))
    }

    @Test func overlayRootCarriesItsLayers() throws {
        let spec = ContainerSpec(
            root: .overlay(lower: ["/l2", "/l1"], upper: "/u", work: "/w", target: "/t"), args: ["true"])
        #expect(try tokens(spec).prefix(5) == ["overlay", "/l2:/l1", "/u", "/w", "/t"])
    }

    @Test func nulByteIsRefused() {
        let spec = ContainerSpec(root: .directory("/r"), args: ["a\0b"])
        #expect(throws: EngineError.self) { try InitMessage.encode(spec) }
    }

    @Test func tmpfsOptionsBecomeFlagsAndData() throws {
        let parsed = try MountOptions.parse(["nosuid", "nodev", "size=64m", "mode=1777"], destination: "/tmp")
        #expect(parsed.flags == 6)
        #expect(parsed.data == "size=64m,mode=1777")
    }

    @Test func unknownMountOptionIsRefused() {
        #expect(throws: EngineError.self) { try MountOptions.parse(["bogus"], destination: "/tmp") }
    }

    @Test func initAndShmSizeAreRecords() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        #expect(try !tokens(spec).contains("init"))
        #expect(try !tokens(spec).contains("shm-size"))
        spec.initProcess = true
        spec.shmSize = 1 << 20
        #expect(try tokens(spec).prefix(5) == ["root", "/r", "init", "shm-size", "1048576"])
        spec.shmSize = 0
        #expect(throws: EngineError.self) { try InitMessage.encode(spec) }
    }

    @Test func execCarriesNoInitRecord() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.initProcess = true
        let bytes = try InitMessage.encode(spec, execInto: 42)
        #expect(!bytes.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "init" })
    }

    @Test func bindPropagationDefaultsToRPrivate() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.mounts = [
            .init(type: "bind", source: "/a", destination: "/a", options: ["rbind"]),
            .init(type: "bind", source: "/b", destination: "/b", options: ["rbind", "rshared"]),
            .init(type: "bind", source: "/c", destination: "/c", options: ["rbind", "slave"]),
            .init(type: "tmpfs", source: "tmpfs", destination: "/t", options: ["rshared"]),
        ]
        let all = try tokens(spec)
        let propagations = all.indices.filter { all[$0] == "mount" }.map { all[$0 + 6] }
        #expect(propagations == [String((1 << 18) | 16384), String((1 << 20) | 16384), String(1 << 19), "0"])
    }
}
