import CArchive
import Foundation
import Images
import Testing

@Suite struct ImageStoreTests {
    static func rootfs(_ folder: TempFolder, name: String = "rootfs.tar", marker: String = "one") throws -> String {
        let path = folder.path + "/" + name
        try TestTar().add("bin/", .folder()).add("bin/sh", .file("#!fake", mode: 0o755))
            .add("etc/", .folder()).add("etc/marker", .file(marker)).add("bin/ash", .symlink("sh"))
            .write(to: path, gzip: true)
        return path
    }

    @Test func importThenInspectAndLayerPaths() throws {
        try TempFolder.with { folder in
            let store = try ImageStore(root: folder.path + "/store")
            var config = ContainerConfig()
            config.Cmd = ["sh"]
            config.WorkingDir = "/work"
            let record = try store.importRootfs(
                tarPath: try Self.rootfs(folder), reference: "berth.local/base:1", config: config)
            let inspected = try store.inspect("berth.local/base:1")
            #expect(inspected.id == record.id)
            #expect(inspected.repoTags == ["berth.local/base:1"])
            #expect(inspected.config.config?.Cmd == ["sh"])
            #expect(inspected.config.config?.WorkingDir == "/work")
            #expect(inspected.config.rootfs.diff_ids.count == 1)
            #expect(try store.inspect(record.id.short).id == record.id)
            #expect(try store.inspect(record.id.description).id == record.id)
            let paths = try store.layerPaths(for: "berth.local/base:1")
            #expect(paths.count == 1)
            let marker = try String(contentsOfFile: paths[0] + "/etc/marker", encoding: .utf8)
            #expect(marker == "one")
            #expect(paths[0].hasSuffix("/snapshots/" + record.config.rootfs.diff_ids[0].hex))
            #expect(try store.list().map(\.id) == [record.id])
        }
    }

    @Test func unknownImageIsANotFoundError() throws {
        try TempFolder.with { folder in
            let store = try ImageStore(root: folder.path + "/store")
            do {
                _ = try store.inspect("nothing:here")
                Issue.record("found an image that does not exist")
            } catch let error as ImageError {
                #expect(error.code == .notFound)
                #expect(error.message.contains("nothing:here"))
            }
        }
    }

    @Test func failedImportLeavesTheStoreAsItWas() throws {
        try TempFolder.with { folder in
            let store = try ImageStore(root: folder.path + "/store")
            let hostile = folder.path + "/hostile.tar"
            try TestTar().add("ok", .file("fine")).add("../escape", .file("x")).write(to: hostile)
            let before = folder.tree("store")
            #expect(throws: ImageError.self) { try store.importRootfs(tarPath: hostile, reference: "bad:1") }
            #expect(folder.tree("store") == before)
        }
    }

    @Test func tagRemoveAndGarbageCollection() throws {
        try TempFolder.with { folder in
            let store = try ImageStore(root: folder.path + "/store")
            let record = try store.importRootfs(tarPath: try Self.rootfs(folder), reference: "a:1")
            try store.tag("a:1", as: "b:2")
            #expect(try store.inspect("b:2").repoTags == ["a:1", "b:2"])
            #expect(throws: ImageError.self) { try store.remove(record.id.description) }
            #expect(try store.remove("a:1") == ["Untagged: a:1"])
            #expect(try store.remove("b:2") == ["Untagged: b:2", "Deleted: \(record.id)"])
            #expect(try store.list().isEmpty)
            #expect(folder.tree("store/blobs/sha256").isEmpty)
            #expect(folder.tree("store/snapshots").isEmpty)
        }
    }

    @Test func pruneRemovesOnlyDanglingImages() throws {
        try TempFolder.with { folder in
            let store = try ImageStore(root: folder.path + "/store")
            let kept = try store.importRootfs(tarPath: try Self.rootfs(folder), reference: "keep:1")
            let dangling = try store.importRootfs(
                tarPath: try Self.rootfs(folder, name: "two.tar", marker: "two"), reference: nil)
            #expect(try store.prune() == [dangling.id])
            #expect(try store.list().map(\.id) == [kept.id])
            #expect(try store.layerPaths(for: "keep:1").count == 1)
        }
    }

    @Test(arguments: ["both", "docker", "oci"])
    func saveThenLoadRoundTrip(format: String) throws {
        try TempFolder.with { folder in
            let first = try ImageStore(root: folder.path + "/first")
            let record = try first.importRootfs(tarPath: try Self.rootfs(folder), reference: "berth.local/round:trip")
            let archive = folder.path + "/saved.tar"
            try first.save(references: ["berth.local/round:trip"], to: archive)
            let input = folder.path + "/input.tar"
            switch format {
            case "docker": try Self.copyArchive(archive, to: input, dropping: ["index.json", "oci-layout"])
            case "oci": try Self.copyArchive(archive, to: input, dropping: ["manifest.json"])
            default: try FileManager.default.copyItem(atPath: archive, toPath: input)
            }
            let second = try ImageStore(root: folder.path + "/second")
            let loaded = try second.load(archivePath: input)
            #expect(loaded.map(\.id) == [record.id])
            #expect(loaded.first?.repoTags == ["berth.local/round:trip"])
            let paths = try second.layerPaths(for: "berth.local/round:trip")
            #expect(try String(contentsOfFile: paths[0] + "/etc/marker", encoding: .utf8) == "one")
        }
    }

    @Test func loadWithATamperedBlobLeavesTheStoreAsItWas() throws {
        try TempFolder.with { folder in
            let first = try ImageStore(root: folder.path + "/first")
            let record = try first.importRootfs(tarPath: try Self.rootfs(folder), reference: "x:1")
            let archive = folder.path + "/saved.tar"
            try first.save(references: ["x:1"], to: archive)
            let tampered = folder.path + "/tampered.tar"
            let layer = "blobs/sha256/" + record.layers[0].digest.hex
            try Self.copyArchive(
                archive, to: tampered, dropping: ["manifest.json"], replacing: [layer: Array("junk".utf8)])
            let second = try ImageStore(root: folder.path + "/second")
            let before = folder.tree("second")
            do {
                _ = try second.load(archivePath: tampered)
                Issue.record("a tampered archive was loaded")
            } catch let error as ImageError {
                #expect(error.code == .digestMismatch)
                #expect(error.message.contains(record.layers[0].digest.description))
            }
            #expect(folder.tree("second") == before)
        }
    }

    @Test func unsupportedMediaTypeInAnArchiveIsAClearError() throws {
        try TempFolder.with { folder in
            let first = try ImageStore(root: folder.path + "/first")
            let record = try first.importRootfs(tarPath: try Self.rootfs(folder), reference: "x:1")
            let archive = folder.path + "/saved.tar"
            try first.save(references: ["x:1"], to: archive)
            let index =
                #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.example.thing","digest":"\#(record.manifestDigest)","size":1}]}"#
            let odd = folder.path + "/odd.tar"
            try Self.copyArchive(
                archive, to: odd, dropping: ["manifest.json"], replacing: ["index.json": Array(index.utf8)])
            let second = try ImageStore(root: folder.path + "/second")
            let before = folder.tree("second")
            do {
                _ = try second.load(archivePath: odd)
                Issue.record("loaded an unknown media type")
            } catch let error as ImageError {
                #expect(error.code == .unsupported)
                #expect(error.message.contains("application/vnd.example.thing"))
            }
            #expect(folder.tree("second") == before)
        }
    }

    @Test func platformTextIsValidated() throws {
        #expect(try Platform.parse("linux/arm64/v8") == Platform(os: "linux", architecture: "arm64", variant: "v8"))
        #expect(throws: ImageError.self) { try Platform.parse("linux") }
        #expect(throws: ImageError.self) { try Platform.parse("linux//v8") }
    }

    /// Rewrites a tar without some entries (and with some contents replaced).
    static func copyArchive(
        _ source: String, to target: String, dropping: Set<String>, replacing: [String: [UInt8]] = [:]
    ) throws {
        let reader = try #require(archive_read_new())
        defer { archive_read_free(reader) }
        archive_read_support_format_tar(reader)
        try #require(archive_read_open_filename(reader, source, 1 << 16) == ARCHIVE_OK)
        let writer = try #require(archive_write_new())
        defer { archive_write_free(writer) }
        archive_write_set_format_pax_restricted(writer)
        try #require(archive_write_open_filename(writer, target) == ARCHIVE_OK)
        var entry: OpaquePointer?
        while archive_read_next_header(reader, &entry) == ARCHIVE_OK, let current = entry {
            let name = String(cString: archive_entry_pathname(current))
            if dropping.contains(name) { continue }
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                data += buffer[0..<count]
            }
            if let replacement = replacing[name] { data = replacement }
            archive_entry_set_size(current, Int64(data.count))
            try #require(archive_write_header(writer, current) == ARCHIVE_OK)
            _ = data.withUnsafeBytes { archive_write_data(writer, $0.baseAddress, $0.count) }
        }
        try #require(archive_write_close(writer) == ARCHIVE_OK)
    }
}
