import CImages
import Foundation
import Images
import Testing

/// Whiteouts in an upper layer hide lower files when the snapshots are stacked with overlayfs.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct WhiteoutTests {
    @Test func deletedFilesAreAbsentInTheContainerView() throws {
        try TempFolder.with { folder in
            let lower = folder.path + "/lower.tar"
            let upper = folder.path + "/upper.tar"
            try TestTar().add("etc/", .folder()).add("etc/gone", .file("1")).add("etc/kept", .file("2"))
                .add("dir/", .folder()).add("dir/old", .file("3")).write(to: lower)
            try TestTar().add("etc/.wh.gone", .file("")).add("dir/", .folder()).add("dir/.wh..wh..opq", .file(""))
                .add("dir/new", .file("4")).write(to: upper)
            let archive = try Self.dockerArchive(layers: [lower, upper], in: folder.path)
            let store = try ImageStore(root: folder.path + "/store")
            _ = try store.load(archivePath: archive)
            let paths = try store.layerPaths(for: "berth.local/whiteout:v1")
            #expect(paths.count == 2)
            var info = stat()
            #expect(lstat(paths[0] + "/etc/gone", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR && info.st_rdev == 0)
            var value = [UInt8](repeating: 0, count: 4)
            #expect(
                getxattr(paths[0] + "/dir", "trusted.overlay.opaque", &value, 4) == 1 && value[0] == UInt8(ascii: "y"))

            let merged = folder.path + "/merged"
            try FileManager.default.createDirectory(atPath: merged, withIntermediateDirectories: true)
            #expect(mount("overlay", merged, "overlay", 0, "lowerdir=" + paths.joined(separator: ":")) == 0)
            defer { umount2(merged, Int32(MNT_DETACH)) }
            let files = FileManager.default
            #expect(!files.fileExists(atPath: merged + "/etc/gone"))
            #expect(files.fileExists(atPath: merged + "/etc/kept"))
            #expect(!files.fileExists(atPath: merged + "/dir/old"))
            #expect(files.fileExists(atPath: merged + "/dir/new"))
        }
    }

    /// A `docker save` style archive of the given layer tars, tagged berth.local/whiteout:v1.
    static func dockerArchive(layers: [String], in folder: String) throws -> String {
        let diffIDs = try layers.map { ImageDigest.of(try Data(contentsOf: URL(fileURLWithPath: $0))).description }
        let config = """
            {"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[\
            \(diffIDs.map { "\"\($0)\"" }.joined(separator: ","))]}}
            """
        let stage = folder + "/stage"
        try FileManager.default.createDirectory(atPath: stage, withIntermediateDirectories: true)
        try Data(config.utf8).write(to: URL(fileURLWithPath: stage + "/config.json"))
        var names: [String] = []
        for (index, layer) in layers.enumerated() {
            try FileManager.default.copyItem(atPath: layer, toPath: stage + "/layer\(index).tar")
            names.append("\"layer\(index).tar\"")
        }
        let manifest = """
            [{"Config":"config.json","RepoTags":["berth.local/whiteout:v1"],"Layers":[\(names.joined(separator: ","))]}]
            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: stage + "/manifest.json"))
        let archive = folder + "/image.tar"
        try LocalRegistry.run("/bin/tar", ["-cf", archive, "-C", stage, "."])
        return archive
    }
}
