import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

/// Bind propagation and mount targets that a hostile image's symlinks try to send out of the rootfs.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ContainerMountTests {
    private static let bind: UInt = 4096
    private static let shared: UInt = 1 << 20

    /// Runs `spec` in the foreground; returns its status and stdout (stderr goes to a file).
    private func run(_ spec: ContainerSpec, in directory: String) throws -> (status: Int32, stdout: String) {
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let output = open(directory + "/stdout", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let errors = open(directory + "/stderr", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { [input, output, errors].forEach { close($0) } }
        let status = try ContainerRuntime().run(spec, stdio: (input, output, errors))
        return (status, try String(contentsOfFile: directory + "/stdout", encoding: .utf8))
    }

    /// The optional fields (between the mount options and ` - `) of the mountinfo line for `point`.
    private func optionalFields(_ mountinfo: String, at point: String) -> [String]? {
        for line in mountinfo.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > 6, fields[4] == point, let end = fields.firstIndex(of: "-") else { continue }
            return Array(fields[6..<end])
        }
        return nil
    }

    @Test func bindPropagationShowsInMountinfo() throws {
        try BusyboxRootfs.with { fixture in
            // A shared mount of our own as the source, whatever the host's propagation is.
            let source = fixture.directory + "/shared"
            try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
            try #require(mount(source, source, nil, Self.bind, nil) == 0, "bind \(source): \(errno)")
            defer { umount2(source, Int32(MNT_DETACH)) }
            try #require(mount(nil, source, nil, Self.shared, nil) == 0, "make-shared \(source): \(errno)")
            var spec = ContainerSpec(root: .directory(fixture.rootfs), args: ["cat", "/proc/self/mountinfo"])
            spec.mounts = [
                .init(type: "bind", source: source, destination: "/rshared", options: ["rbind", "rshared"]),
                .init(type: "bind", source: source, destination: "/rslave", options: ["rbind", "rslave"]),
                .init(type: "bind", source: source, destination: "/default", options: ["rbind"]),
            ]
            let result = try run(spec, in: fixture.directory)
            #expect(result.status == 0)
            let shared = try #require(optionalFields(result.stdout, at: "/rshared"), "\(result.stdout)")
            #expect(shared.contains { $0.hasPrefix("shared:") })
            let slave = try #require(optionalFields(result.stdout, at: "/rslave"))
            #expect(slave.contains { $0.hasPrefix("master:") } && !slave.contains { $0.hasPrefix("shared:") })
            #expect(optionalFields(result.stdout, at: "/default") == [])
            // The root and the standard mounts stay private.
            #expect(optionalFields(result.stdout, at: "/") == [])
            #expect(optionalFields(result.stdout, at: "/proc") == [])
        }
    }

    @Test func mountsInsideAnRSharedBindDoNotReachTheHost() throws {
        try BusyboxRootfs.with { fixture in
            let source = fixture.directory + "/shared"
            try FileManager.default.createDirectory(atPath: source + "/sub", withIntermediateDirectories: true)
            try #require(mount(source, source, nil, Self.bind, nil) == 0, "bind \(source): \(errno)")
            defer { umount2(source, Int32(MNT_DETACH)) }
            try #require(mount(nil, source, nil, Self.shared, nil) == 0, "make-shared \(source): \(errno)")
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs),
                args: ["sh", "-c", "mount -t tmpfs none /data/sub && touch /data/sub/x"])
            spec.makePrivileged()
            spec.mounts = [.init(type: "bind", source: source, destination: "/data", options: ["rbind", "rshared"])]
            #expect(try run(spec, in: fixture.directory).status == 0)
            let points = BusyboxRootfs.mountinfo().split(separator: "\n").map { $0.split(separator: " ")[4] }
            #expect(points.contains(Substring(source)))
            #expect(!points.contains(Substring(source + "/sub")))
            #expect(!FileManager.default.fileExists(atPath: source + "/sub/x"))
        }
    }

    @Test func privateBindsByDefault() throws {
        try BusyboxRootfs.with { fixture in
            let source = fixture.directory + "/plain"
            try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
            var spec = ContainerSpec(root: .directory(fixture.rootfs), args: ["cat", "/proc/self/mountinfo"])
            spec.mounts = [.init(type: "bind", source: source, destination: "/data", options: ["rbind", "ro"])]
            let result = try run(spec, in: fixture.directory)
            #expect(optionalFields(result.stdout, at: "/data") == [])
        }
    }

    @Test func symlinkedMountTargetsStayInsideTheRootfs() throws {
        try BusyboxRootfs.with { fixture in
            let outside = "/tmp/berth-escape-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: outside) }
            let files = FileManager.default
            try files.createSymbolicLink(atPath: fixture.rootfs + "/data", withDestinationPath: "/../../../" + outside)
            try files.createSymbolicLink(
                atPath: fixture.rootfs + "/cache", withDestinationPath: "../../../../../../" + outside + "-rel")
            try files.createSymbolicLink(atPath: fixture.rootfs + "/conf", withDestinationPath: outside + ".conf")
            let source = fixture.directory + "/source"
            try files.createDirectory(atPath: source, withIntermediateDirectories: true)
            try "hosts\n".write(toFile: fixture.directory + "/file", atomically: false, encoding: .utf8)
            var spec = ContainerSpec(
                root: .directory(fixture.rootfs),
                args: ["sh", "-c", "touch /data/x /cache/y && cat /conf && ls /" + outside.dropFirst()])
            spec.mounts = [
                .init(type: "tmpfs", source: "tmpfs", destination: "/data/sub", options: ["size=1m"]),
                .init(type: "bind", source: source, destination: "/cache", options: ["rbind"]),
                .init(type: "bind", source: fixture.directory + "/file", destination: "/conf", options: ["rbind"]),
            ]
            let result = try run(spec, in: fixture.directory)
            #expect(result.status == 0)
            #expect(result.stdout == "hosts\nsub\nx\n")
            for path in [outside, outside + "-rel", outside + ".conf"] {
                #expect(!files.fileExists(atPath: path), "\(path) was created on the host")
            }
            // The directories were made inside the rootfs, where the symlinks resolve from its root.
            #expect(files.fileExists(atPath: fixture.rootfs + outside + "/sub"))
            #expect(files.fileExists(atPath: source + "/y"))
        }
    }

    @Test func symlinkedStandardMountPointIsRefused() throws {
        try BusyboxRootfs.with { fixture in
            let outside = "/tmp/berth-escape-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: outside) }
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: false)
            try FileManager.default.removeItem(atPath: fixture.rootfs + "/dev")
            try FileManager.default.createSymbolicLink(atPath: fixture.rootfs + "/dev", withDestinationPath: outside)
            let spec = ContainerSpec(root: .directory(fixture.rootfs), args: ["true"])
            let error = #expect(throws: EngineError.self) { try run(spec, in: fixture.directory) }
            #expect(error?.message.contains("/dev in the container must be a directory") == true)
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        }
    }
}
