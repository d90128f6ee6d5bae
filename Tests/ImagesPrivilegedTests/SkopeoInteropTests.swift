import Foundation
import Images
import Testing

/// Archives and registries written by skopeo are read by berth, and berth's are read by skopeo.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct SkopeoInteropTests {
    static let skopeo = "/usr/bin/skopeo"

    @Test(arguments: ["docker-archive", "oci-archive"])
    func skopeoArchivesLoad(transport: String) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.skopeo), "install skopeo (apt-get install -y skopeo)")
        try await TempFolder.with { folder in
            try await LocalRegistry.with { registry in
                let name = "\(registry.address)/interop/image:v1"
                let source = try RegistryTests.storeWithImage(folder.path + "/source", name: name)
                try await source.push(try ImageReference.parse(name))
                let archive = folder.path + "/skopeo.tar"
                try LocalRegistry.run(
                    Self.skopeo,
                    ["copy", "--src-tls-verify=false", "docker://" + name, "\(transport):\(archive):interop/image:v1"])
                let target = try ImageStore(root: folder.path + "/target")
                let loaded = try target.load(archivePath: archive)
                #expect(loaded.map(\.id) == [try source.inspect(name).id])
                #expect(loaded.first?.repoTags == ["interop/image:v1"])
                #expect(try target.layerPaths(for: "interop/image:v1").count == 1)
            }
        }
    }

    @Test(arguments: ["docker-archive", "oci-archive"])
    func berthArchivesAreReadBySkopeo(transport: String) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.skopeo), "install skopeo (apt-get install -y skopeo)")
        try await TempFolder.with { folder in
            try await LocalRegistry.with { registry in
                let store = try RegistryTests.storeWithImage(folder.path + "/source", name: "berth.local/saved:v1")
                let archive = folder.path + "/saved.tar"
                try store.save(references: ["berth.local/saved:v1"], to: archive)
                let target = "\(registry.address)/from-\(transport):v1"
                let source = transport == "docker-archive" ? "docker-archive:\(archive)" : "oci-archive:\(archive):v1"
                try LocalRegistry.run(Self.skopeo, ["copy", "--dest-tls-verify=false", source, "docker://" + target])
                let pulled = try await ImageStore(root: folder.path + "/pulled").pull(try ImageReference.parse(target))
                #expect(
                    pulled.config.rootfs.diff_ids == (try store.inspect("berth.local/saved:v1").config.rootfs.diff_ids))
            }
        }
    }

    @Test func skopeoPushedOCIImagePullsByTag() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.skopeo), "install skopeo (apt-get install -y skopeo)")
        try await TempFolder.with { folder in
            try await LocalRegistry.with { registry in
                let store = try RegistryTests.storeWithImage(folder.path + "/source", name: "berth.local/oci:v1")
                let archive = folder.path + "/saved.tar"
                try store.save(references: ["berth.local/oci:v1"], to: archive)
                try LocalRegistry.run("/bin/tar", ["-xf", archive, "-C", folder.path, "--one-top-level=layout"])
                let target = "\(registry.address)/x:v1"
                try LocalRegistry.run(
                    Self.skopeo,
                    ["copy", "--dest-tls-verify=false", "oci:\(folder.path)/layout:v1", "docker://" + target])
                let inspect = try LocalRegistry.run(
                    Self.skopeo, ["inspect", "--tls-verify=false", "docker://" + target])
                let digest = try JSONDecoder().decode(SkopeoInspect.self, from: Data(inspect.utf8)).Digest
                let pulled = try await ImageStore(root: folder.path + "/pulled").pull(try ImageReference.parse(target))
                #expect(pulled.repoDigests == ["\(registry.address)/x@\(digest)"])
            }
        }
    }
}
