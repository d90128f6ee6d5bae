import Foundation
import Images
import Synchronization
import Testing

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct RegistryTests {
    /// A store with one imported two-directory image tagged `name`.
    static func storeWithImage(_ folder: String, name: String, size: Int = 300_000) throws -> ImageStore {
        let store = try ImageStore(root: folder)
        let tar = folder + "-rootfs.tar"
        var noise = ""
        for index in 0..<(size / 16) { noise += String(format: "%015d\n", index) }
        try TestTar().add("bin/", .folder()).add("bin/tool", .file("#!tool", mode: 0o755))
            .add("data/noise", .file(noise)).write(to: tar, gzip: true)
        defer { unlink(tar) }
        _ = try store.importRootfs(tarPath: tar, reference: name)
        return store
    }

    @Test func pushThenPullByTagAndByDigest() async throws {
        try await TempFolder.with { folder in
            try await LocalRegistry.with { registry in
                let name = "\(registry.address)/test/image:v1"
                let source = try Self.storeWithImage(folder.path + "/source", name: name)
                let pushed = try await source.push(try ImageReference.parse(name))
                let local = try source.inspect(name)
                #expect(local.repoDigests.contains("\(registry.address)/test/image@\(pushed)"))

                let byTag = try ImageStore(root: folder.path + "/by-tag")
                let pulled = try await byTag.pull(try ImageReference.parse(name))
                #expect(pulled.id == local.id)
                let paths = try byTag.layerPaths(for: name)
                #expect(FileManager.default.fileExists(atPath: paths[0] + "/data/noise"))

                let byDigest = try ImageStore(root: folder.path + "/by-digest")
                let pinned = try await byDigest.pull(
                    try ImageReference.parse("\(registry.address)/test/image@\(pushed)"))
                #expect(pinned.id == local.id)
                #expect(pinned.repoTags.isEmpty)

                let skopeo = try LocalRegistry.run(
                    "/usr/bin/skopeo", ["inspect", "--tls-verify=false", "docker://" + name])
                let reported = try JSONDecoder().decode(SkopeoInspect.self, from: Data(skopeo.utf8))
                #expect(reported.Digest == pushed.description)
            }
        }
    }

    @Test func chunkedPushThenCrossRepositoryMount() async throws {
        try await TempFolder.with { folder in
            try await LocalRegistry.with { registry in
                let first = "\(registry.address)/one/image:v1"
                let store = try Self.storeWithImage(folder.path + "/source", name: first)
                try await store.push(try ImageReference.parse(first), chunkSize: 64 * 1024)
                let second = "\(registry.address)/two/image:v1"
                try store.tag(first, as: second)
                let events = Mutex<[PullProgress]>([])
                try await store.push(try ImageReference.parse(second)) { event in events.withLock { $0.append(event) } }
                // Every blob is mounted from one/image or already there: nothing is uploaded again.
                let transferred = events.withLock {
                    $0.filter { if case .transferring = $0.state { true } else { false } }
                }
                #expect(transferred.isEmpty)
                let target = try ImageStore(root: folder.path + "/target")
                #expect(try await target.pull(try ImageReference.parse(second)).id == store.inspect(first).id)
            }
        }
    }

    @Test func wrongCredentialsAreAClearError() async throws {
        try await TempFolder.with { folder in
            try await LocalRegistry.with(user: ("berth", "right-password")) { registry in
                let name = "\(registry.address)/private/image:v1"
                let store = try Self.storeWithImage(folder.path + "/source", name: name)
                let good = RegistryCredentials(username: "berth", password: "right-password")
                try await store.push(try ImageReference.parse(name), auth: good)
                let target = try ImageStore(root: folder.path + "/target")
                let before = folder.tree("target")
                do {
                    _ = try await target.pull(
                        try ImageReference.parse(name), auth: RegistryCredentials(username: "berth", password: "wrong"))
                    Issue.record("pulled with a wrong password")
                } catch let error as ImageError {
                    #expect(error.code == .unauthorized)
                    #expect(error.message.contains(registry.address))
                    #expect(error.message.contains("image \"\(name)\""))
                }
                #expect(folder.tree("target") == before)
                #expect(try await target.pull(try ImageReference.parse(name), auth: good).repoTags == [name])
            }
        }
    }

    @Test func unreachableRegistryIsAClearError() async throws {
        try await TempFolder.with { folder in
            let port = try LocalRegistry.freePort()
            let store = try ImageStore(root: folder.path + "/store")
            let before = folder.tree("store")
            do {
                _ = try await store.pull(try ImageReference.parse("127.0.0.1:\(port)/nothing:v1"))
                Issue.record("pulled from a closed port")
            } catch let error as ImageError {
                #expect(error.code == .unreachable)
                #expect(error.message.contains("127.0.0.1:\(port)"))
            }
            #expect(folder.tree("store") == before)
        }
    }

    @Test func corruptedBlobFromTheRegistryIsRefused() async throws {
        try await TempFolder.with { folder in
            try await LocalRegistry.with { registry in
                let name = "\(registry.address)/test/corrupt:v1"
                let source = try Self.storeWithImage(folder.path + "/source", name: name)
                try await source.push(try ImageReference.parse(name))
                let layer = try source.inspect(name).layers[0].digest
                let data =
                    registry.storage + "/docker/registry/v2/blobs/sha256/\(layer.hex.prefix(2))/\(layer.hex)/data"
                var bytes = try Data(contentsOf: URL(fileURLWithPath: data))
                bytes[bytes.count / 2] ^= 0xff
                try bytes.write(to: URL(fileURLWithPath: data))
                let target = try ImageStore(root: folder.path + "/target")
                let before = folder.tree("target")
                do {
                    _ = try await target.pull(try ImageReference.parse(name))
                    Issue.record("a corrupted layer was accepted")
                } catch let error as ImageError {
                    #expect(error.code == .digestMismatch)
                    #expect(error.message.contains(layer.description))
                }
                #expect(folder.tree("target") == before)
            }
        }
    }

    @Test func unknownTagIsNotFound() async throws {
        try await TempFolder.with { folder in
            try await LocalRegistry.with { registry in
                let store = try ImageStore(root: folder.path + "/store")
                do {
                    _ = try await store.pull(try ImageReference.parse("\(registry.address)/missing/image:v9"))
                    Issue.record("pulled a missing tag")
                } catch let error as ImageError {
                    #expect(error.code == .notFound)
                }
            }
        }
    }
}

/// The part of `skopeo inspect` output the tests read.
struct SkopeoInspect: Decodable {
    var Digest: String
}
