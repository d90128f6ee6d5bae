import Foundation
import Images
import Testing

@Suite struct ContentStoreTests {
    @Test func blobWithTheRightDigestIsKept() throws {
        try TempFolder.with { folder in
            let store = try ContentStore(root: folder.path)
            let digest = try store.write(Array("hello".utf8), expected: ImageDigest.of(Array("hello".utf8)))
            #expect(digest.description == "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
            #expect(try store.read(digest) == Data("hello".utf8))
        }
    }

    @Test func wrongDigestIsRefusedAndNothingKept() throws {
        try TempFolder.with { folder in
            let store = try ContentStore(root: folder.path)
            let file = folder.path + "/input"
            try Data("real content".utf8).write(to: URL(fileURLWithPath: file))
            let claimed = ImageDigest.of(Array("other content".utf8))
            #expect(throws: ImageError.self) { try store.ingest(file: file, expected: claimed) }
            #expect(folder.tree("blobs/sha256").isEmpty)
            #expect(folder.tree("ingest").isEmpty)
            #expect(!store.contains(claimed))
        }
    }

    @Test func truncatedBlobIsRefusedAndNothingKept() throws {
        try TempFolder.with { folder in
            let store = try ContentStore(root: folder.path)
            let full = Array(repeating: UInt8(7), count: 4096)
            let temp = store.temporaryPath()
            try Data(full.prefix(1000)).write(to: URL(fileURLWithPath: temp))
            do {
                try store.commit(temp, expected: ImageDigest.of(full), size: 4096)
                Issue.record("a truncated blob was accepted")
            } catch let error as ImageError {
                #expect(error.code == .digestMismatch)
                #expect(error.message.contains("size 1000, expected 4096"))
            }
            #expect(folder.tree("blobs/sha256").isEmpty)
            #expect(folder.tree("ingest").isEmpty)
        }
    }

    @Test func smallWriteWithWrongDigestIsRefused() throws {
        try TempFolder.with { folder in
            let store = try ContentStore(root: folder.path)
            let wrong = ImageDigest.of(Array("x".utf8))
            #expect(throws: ImageError.self) { try store.write(Array("y".utf8), expected: wrong) }
            #expect(folder.tree("blobs/sha256").isEmpty)
        }
    }

    @Test func tamperedBlobIsRefusedOnRead() throws {
        try TempFolder.with { folder in
            let store = try ContentStore(root: folder.path)
            let digest = try store.write(Array("{}".utf8))
            try Data("{\"a\":1}".utf8).write(to: URL(fileURLWithPath: store.path(of: digest)))
            #expect(throws: ImageError.self) { try store.read(digest) }
        }
    }

    @Test func digestTextIsValidated() {
        #expect(throws: ImageError.self) { try ImageDigest("sha256:abc") }
        #expect(throws: ImageError.self) { try ImageDigest("md5:" + String(repeating: "a", count: 32)) }
        #expect(throws: ImageError.self) { try ImageDigest("sha256:" + String(repeating: "A", count: 64)) }
    }

    @Test func chainIDsFollowTheOCIRule() throws {
        let first = ImageDigest.of(Array("a".utf8))
        let second = ImageDigest.of(Array("b".utf8))
        let chain = ImageDigest.chainIDs(of: [first, second])
        #expect(chain[0] == first)
        #expect(chain[1] == ImageDigest.of(Array("\(first) \(second)".utf8)))
    }
}
