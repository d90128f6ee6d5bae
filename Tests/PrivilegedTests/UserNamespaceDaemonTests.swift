import Foundation
import Testing

/// A daemon with `--userns-remap default`: containers from a real image (overlay of its layers) get a
/// user namespace unless `--userns host`; `--userns private` asks for one explicitly.
@Suite(
    "user namespaces through the berth daemon", .enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct UserNamespaceDaemonTests {
    static let image = "berth.local/busybox"

    private func mapped(_ output: String) -> [String] {
        output.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }

    @Test("userns-remap maps every container but --userns host; port 80 binds on the bridge; exec joins")
    func remappedDaemon() throws {
        let daemon = try DaemonFixture(arguments: ["--userns-remap", "default"])
        defer { daemon.close() }
        let script = "cat /proc/self/uid_map; id -u; touch /made; stat -c %u:%g / /made /bin/busybox"
        let remapped = try daemon.berth([
            "container", "run", "--rm", "--network", "none", Self.image, "sh", "-c", script,
        ])
        #expect(remapped.status == 0, "\(remapped.error)\n\(daemon.log)")
        #expect(mapped(remapped.output) == ["0 100000 65536", "0", "0:0", "0:0", "0:0"])
        let host = try daemon.berth([
            "container", "run", "--rm", "--userns", "host", "--network", "none", Self.image, "cat",
            "/proc/self/uid_map",
        ])
        #expect(mapped(host.output) == ["0 0 4294967295"], "\(host.error)")
        // The default bridge network: the daemon's netns file is joined, the sysctl is written there.
        let web = try daemon.berth([
            "container", "run", "--rm", "--userns", "private", Self.image, "sh", "-c", "httpd -p 80 && echo bound",
        ])
        #expect(web.output == "bound\n", "\(web.error)\n\(daemon.log)")
        let name = "bu\(UUID().uuidString.prefix(8).lowercased())"
        let started = try daemon.berth([
            "container", "run", "-d", "--name", name, "--network", "none", Self.image, "sleep", "3600",
        ])
        try #require(started.status == 0, "\(started.error)")
        let exec = try daemon.berth(["container", "exec", name, "sh", "-c", "cat /proc/self/uid_map; id -u"])
        #expect(mapped(exec.output) == ["0 100000 65536", "0"], "\(exec.error)")
        #expect(try daemon.berth(["container", "rm", "-f", name]).status == 0)
        // A fresh named volume becomes container root's; one a host-namespace container filled stays host root's.
        let volume = "uv\(UUID().uuidString.prefix(8).lowercased())"
        let write = try daemon.berth([
            "container", "run", "--rm", "--network", "none", "-v", volume + ":/data", Self.image, "sh", "-c",
            "echo hi > /data/file && stat -c %u:%g /data /data/file",
        ])
        #expect(mapped(write.output) == ["0:0", "0:0"], "\(write.error)\n\(daemon.log)")
        let data = daemon.folder + "/root/volumes/" + volume + "/_data"
        var info = stat()
        #expect(stat(data + "/file", &info) == 0 && info.st_uid == 100_000)
        let shared = "uh\(UUID().uuidString.prefix(8).lowercased())"
        let filled = try daemon.berth([
            "container", "run", "--rm", "--userns", "host", "--network", "none", "-v", shared + ":/data", Self.image,
            "touch", "/data/x",
        ])
        #expect(filled.status == 0, "\(filled.error)")
        let refused = try daemon.berth([
            "container", "run", "--rm", "--network", "none", "-v", shared + ":/data", Self.image, "touch", "/data/y",
        ])
        #expect(refused.status != 0)
        _ = try daemon.berth(["volume", "rm", volume, shared])
    }

    /// docker cp with userns-remap: files copied in belong to container root (or keep their owners,
    /// shifted, with -a); files copied out carry the owners the container sees, running or stopped.
    @Test("docker cp in and out of a remapped container uses the container's own ids")
    func copyWithRemap() throws {
        let daemon = try DaemonFixture(arguments: ["--userns-remap", "default"])
        defer { daemon.close() }
        let name = "bc\(UUID().uuidString.prefix(8).lowercased())"
        let started = try daemon.berth([
            "container", "run", "-d", "--name", name, "--network", "none", Self.image, "sh", "-c",
            // Long enough to outlive the test on a loaded machine: the "running" checks need it running.
            "touch /made-inside; chown 7:8 /made-inside; sleep 3600",
        ])
        try #require(started.status == 0, "\(started.error)")
        let local = daemon.folder + "/copied.txt"
        try "x".write(toFile: local, atomically: true, encoding: .utf8)
        #expect(try daemon.docker(["cp", local, name + ":/tmp/"]).status == 0)
        try "y".write(toFile: local, atomically: true, encoding: .utf8)
        _ = chown(local, 5, 6)
        #expect(try daemon.docker(["cp", "-a", local, name + ":/tmp/kept.txt"]).status == 0)
        let owners = try daemon.berth([
            "container", "exec", name, "stat", "-c", "%u:%g", "/tmp/copied.txt", "/tmp/kept.txt",
        ])
        #expect(mapped(owners.output) == ["0:0", "5:6"], "\(owners.error)\n\(daemon.log)")
        var info = stat()
        let id = try daemon.docker(["inspect", "-f", "{{.Id}}", name]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let upper = daemon.folder + "/root/containers/" + id + "/upper"
        #expect(stat(upper + "/tmp/copied.txt", &info) == 0 && info.st_uid == 100_000, "on disk: host 100000")
        for state in ["running", "stopped"] {
            if state == "stopped" { _ = try daemon.berth(["container", "stop", "-t", "1", name]) }
            for (path, owner) in [("/made-inside", "7/8"), ("/bin/busybox", "0/0")] {
                let listing = try DaemonFixture.run(
                    "/bin/sh", ["-c", "docker cp \(name):\(path) - | tar -tv --numeric-owner"],
                    environment: ["DOCKER_HOST": "unix://" + daemon.socket])
                #expect(listing.status == 0 && listing.output.contains(" \(owner) "), "\(state) \(path): \(listing)")
            }
        }
        // docker export reads the layers from disk: the same container ids as docker cp.
        let exported = try DaemonFixture.run(
            "/bin/sh", ["-c", "docker export \(name) | tar -tv --numeric-owner"],
            environment: ["DOCKER_HOST": "unix://" + daemon.socket])
        func entry(_ name: String) -> String {
            let line = exported.output.split(separator: "\n").first { line in
                let path = line.split(separator: " ").last.map(String.init) ?? ""
                return path == name || path == "./" + name
            }
            return line.map(String.init) ?? ""
        }
        let madeInside = entry("made-inside")
        let copied = entry("tmp/copied.txt")
        #expect(exported.status == 0 && madeInside.contains(" 7/8 ") && copied.contains(" 0/0 "), "\(exported)")
        #expect(!exported.output.contains(" 100000/"), "no host id in the export")
        _ = try daemon.berth(["container", "rm", "-f", name])
    }
}
