import CArchive
import Foundation
import Images
import Testing

@Suite("Trees in a root: stat, archive and extract never leave the root")
struct TreeArchiveTests {
    /// A root with /etc/hostname, /data/a.txt, a link /data/out -> /../../etc and /link -> data/a.txt.
    private func makeRoot() throws -> String {
        let root = "/tmp/berth-tree-\(UUID().uuidString.prefix(8))"
        let files = FileManager.default
        try files.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        try files.createDirectory(atPath: root + "/data/sub", withIntermediateDirectories: true)
        try "box\n".write(toFile: root + "/etc/hostname", atomically: false, encoding: .utf8)
        try "a\n".write(toFile: root + "/data/a.txt", atomically: false, encoding: .utf8)
        try "b\n".write(toFile: root + "/data/sub/b.txt", atomically: false, encoding: .utf8)
        try files.createSymbolicLink(atPath: root + "/data/out", withDestinationPath: "/../../etc")
        try files.createSymbolicLink(atPath: root + "/link", withDestinationPath: "data/a.txt")
        return root
    }

    private func withRoot(_ body: (String, Int32) throws -> Void) throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        try body(root, fd)
    }

    /// Names and link targets of a tar's entries.
    private func entries(_ bytes: [UInt8]) throws -> [String] {
        let archive = try #require(archive_read_new())
        defer { archive_read_free(archive) }
        archive_read_support_format_tar(archive)
        try #require(
            bytes.withUnsafeBytes { archive_read_open_memory(archive, $0.baseAddress, $0.count) } == ARCHIVE_OK)
        var names: [String] = []
        var entry: OpaquePointer?
        while archive_read_next_header(archive, &entry) == ARCHIVE_OK, let entry {
            let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let link = archive_entry_symlink(entry).map { " -> " + String(cString: $0) } ?? ""
            names.append(name + link)
        }
        return names
    }

    private func archive(_ path: String, in root: Int32, as name: String? = nil) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let archiver = try TreeArchiver { bytes += $0 }
        let rooted = RootedPath(path)
        try archiver.add(rooted, in: root, as: name ?? rooted.archiveName)
        try archiver.finish()
        return bytes
    }

    @Test("stat does not follow the last symlink; its target is made absolute inside the root")
    func statOfLink() throws {
        try withRoot { _, root in
            let link = try RootedPathStat.stat(RootedPath("/link"), in: root)
            #expect(link.mode & S_IFMT == S_IFLNK)
            #expect(link.linkTarget == "/data/a.txt")
            let file = try RootedPathStat.stat(RootedPath("/data/out/hostname"), in: root)
            #expect(file.name == "hostname" && file.size == 4, "the escaping link resolves inside the root")
            #expect(throws: ImageError.self) { try RootedPathStat.stat(RootedPath("/nothing/here"), in: root) }
        }
    }

    @Test("a folder is archived under its own name, a folder's content under `.`")
    func archiveNames() throws {
        try withRoot { _, root in
            let folder = try entries(try archive("/data", in: root))
            #expect(folder == ["data/", "data/a.txt", "data/out -> /../../etc", "data/sub/", "data/sub/b.txt"])
            let content = try entries(try archive("/data/.", in: root))
            #expect(content == ["./", "./a.txt", "./out -> /../../etc", "./sub/", "./sub/b.txt"])
            let file = try entries(try archive("/etc/hostname", in: root))
            #expect(file == ["hostname"])
            let link = try entries(try archive("/link", in: root))
            #expect(link == ["link -> data/a.txt"])
        }
    }

    @Test("extracting through a symlink that points out of the root writes inside the root")
    func extractStaysInRoot() throws {
        try withRoot { folder, root in
            let tar = folder + ".tar"
            defer { unlink(tar) }
            try TestTar().add("out/passwd", .file("owned\n")).add("escape", .symlink("/"))
                .add("escape/tmp-berth-marker", .file("x")).write(to: tar)
            var data: [UInt8]? = Array(try Data(contentsOf: URL(fileURLWithPath: tar)))
            let extractor = try TreeExtractor {
                defer { data = nil }
                return data
            }
            try extractor.extract(into: "/data", in: root, ownership: false, keepKinds: false)
            #expect(try String(contentsOfFile: folder + "/etc/passwd", encoding: .utf8) == "owned\n")
            #expect(FileManager.default.fileExists(atPath: folder + "/tmp-berth-marker"))
            #expect(!FileManager.default.fileExists(atPath: "/tmp-berth-marker"))
        }
    }

    @Test("keepKinds refuses to replace a folder with a file")
    func keepKinds() throws {
        try withRoot { folder, root in
            let tar = folder + ".tar"
            defer { unlink(tar) }
            try TestTar().add("sub", .file("not a folder")).write(to: tar)
            var data: [UInt8]? = Array(try Data(contentsOf: URL(fileURLWithPath: tar)))
            let extractor = try TreeExtractor {
                defer { data = nil }
                return data
            }
            #expect(throws: ImageError.self) {
                try extractor.extract(into: "/data", in: root, ownership: false, keepKinds: true)
            }
            var isFolder: ObjCBool = false
            #expect(
                FileManager.default.fileExists(atPath: folder + "/data/sub", isDirectory: &isFolder)
                    && isFolder.boolValue)
        }
    }
}
