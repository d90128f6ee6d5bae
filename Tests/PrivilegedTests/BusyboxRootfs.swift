import Foundation
import Testing

/// A temporary folder holding a busybox-static rootfs (`rootfs/bin/<applet>` links to busybox).
struct BusyboxRootfs {
    let directory: String
    var rootfs: String { directory + "/rootfs" }

    /// Builds the rootfs, runs `body`, then checks that no mount is left under it and removes it.
    static func with(_ body: (BusyboxRootfs) throws -> Void) throws {
        let directory = "/tmp/berth-priv-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let fixture = BusyboxRootfs(directory: directory)
        defer {
            #expect(mountsUnder(directory).isEmpty, "mounts left under \(directory)")
            try? FileManager.default.removeItem(atPath: directory)
        }
        try fixture.build()
        try body(fixture)
    }

    private func build() throws {
        let files = FileManager.default
        let busybox = "/bin/busybox"
        try #require(
            files.isExecutableFile(atPath: busybox), "install busybox-static (apt-get install -y busybox-static)")
        for name in ["bin", "etc", "tmp", "proc", "dev", "sys"] {
            try files.createDirectory(atPath: rootfs + "/" + name, withIntermediateDirectories: true)
        }
        try files.copyItem(atPath: busybox, toPath: rootfs + "/bin/busybox")
        let list = Process()
        list.executableURL = URL(fileURLWithPath: busybox)
        list.arguments = ["--list"]
        let pipe = Pipe()
        list.standardOutput = pipe
        try list.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        list.waitUntilExit()
        for applet in output.split(separator: "\n") where applet != "busybox" {
            try files.createSymbolicLink(atPath: rootfs + "/bin/" + applet, withDestinationPath: "busybox")
        }
    }

    /// Mount points in this process's mount namespace at or below `directory`.
    static func mountsUnder(_ directory: String) -> [String] {
        let text = mountinfo()
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4])
            return point == directory || point.hasPrefix(directory + "/") ? point : nil
        }
    }

    /// This process's /proc/self/mountinfo, read with read(2): Foundation's String(contentsOfFile:)
    /// returned "" for it here (procfs reports size 0), which made the leftover check above a no-op.
    static func mountinfo() -> String {
        let fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
