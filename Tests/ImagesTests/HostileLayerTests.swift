import Foundation
import Images
import Testing

/// Each layer tries to write outside its target; the attempt is refused or lands inside the target.
@Suite struct HostileLayerTests {
    static let policy = UnpackPolicy(allowDeviceNodes: false, applyOwnership: false, overlayWhiteouts: false)

    /// Makes `sandbox/target` and `sandbox/outside` (with a file), unpacks the tar into target, and checks that
    /// the sandbox holds nothing new outside target. Returns the unpack error, if any.
    private func unpack(_ tar: TestTar, check: (String) throws -> Void = { _ in }) throws -> ImageError? {
        try TempFolder.with { sandbox in
            let files = FileManager.default
            try files.createDirectory(atPath: sandbox.path + "/target", withIntermediateDirectories: true)
            try files.createDirectory(atPath: sandbox.path + "/outside", withIntermediateDirectories: true)
            try Data("secret".utf8).write(to: URL(fileURLWithPath: sandbox.path + "/outside/secret"))
            let layer = sandbox.path + "/layer.tar"
            try tar.write(to: layer)
            var failure: ImageError?
            do {
                _ = try LayerUnpacker(policy: Self.policy).unpack(layer, into: sandbox.path + "/target")
            } catch let error as ImageError {
                failure = error
            }
            let outside = sandbox.tree().filter { !$0.hasPrefix("target") }
            #expect(outside == ["layer.tar", "outside", "outside/secret"])
            #expect(try String(contentsOfFile: sandbox.path + "/outside/secret", encoding: .utf8) == "secret")
            var info = stat()
            #expect(stat(sandbox.path + "/outside/secret", &info) == 0 && info.st_nlink == 1)
            try check(sandbox.path + "/target")
            return failure
        }
    }

    @Test func dotDotPathIsRefused() throws {
        let error = try unpack(TestTar().add("../outside/evil", .file("x")))
        #expect(error?.code == .unsafeLayer)
        #expect(error?.message.contains("../outside/evil") == true)
    }

    @Test func nestedDotDotIsRefused() throws {
        let error = try unpack(TestTar().add("a/", .folder()).add("a/../../outside/evil", .file("x")))
        #expect(error?.code == .unsafeLayer)
    }

    @Test func absolutePathIsContained() throws {
        let error = try unpack(TestTar().add("/outside/evil", .file("x"))) { (target: String) throws in
            #expect(FileManager.default.fileExists(atPath: target + "/outside/evil"))
        }
        #expect(error == nil)
    }

    @Test func absoluteSymlinkToAHostFolderIsNotFollowed() throws {
        // /tmp exists on the host but not in the layer: the entry is refused rather than written anywhere.
        let name = "evil-" + UUID().uuidString.prefix(8)
        let tar = TestTar().add("link", .symlink("/tmp")).add("link/" + name, .file("x"))
        let error = try unpack(tar) { (target: String) throws in
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/link") == "/tmp")
        }
        #expect(error != nil)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/" + name))
    }

    @Test func absoluteSymlinkResolvesInsideTheLayer() throws {
        let tar = TestTar().add("real/", .folder()).add("link", .symlink("/real")).add("link/file", .file("x"))
        let error = try unpack(tar) { (target: String) throws in
            #expect(FileManager.default.fileExists(atPath: target + "/real/file"))
        }
        #expect(error == nil)
    }

    @Test func relativeSymlinkClimbingOutIsContained() throws {
        let tar = TestTar().add("outside/", .folder()).add("up", .symlink("../../../../../.."))
            .add("up/outside/evil", .file("x"))
        let error = try unpack(tar) { (target: String) throws in
            #expect(FileManager.default.fileExists(atPath: target + "/outside/evil"))
        }
        #expect(error == nil)
    }

    @Test func symlinkSwappedInUnderALaterEntryIsContained() throws {
        let tar = TestTar().add("outside/", .folder()).add("dir/", .folder()).add("dir/ok", .file("1"))
            .add("dir", .symlink("../outside")).add("dir/evil", .file("x"))
        let error = try unpack(tar) { (target: String) throws in
            #expect(FileManager.default.fileExists(atPath: target + "/outside/evil"))
        }
        #expect(error == nil)
    }

    @Test func hardLinkOutsideIsRefused() throws {
        let error = try unpack(TestTar().add("hl", .hardLink("../outside/secret")))
        #expect(error?.code == .unsafeLayer)
    }

    @Test func absoluteHardLinkResolvesInsideOnly() throws {
        // /outside/secret exists on the host side of the sandbox, but inside the layer it does not.
        let error = try unpack(TestTar().add("hl", .hardLink("/outside/secret")))
        #expect(error?.code == .unsafeLayer)
        #expect(error?.message.contains("not in the layer") == true)
    }

    @Test func hardLinkThroughASymlinkStaysInside() throws {
        let tar = TestTar().add("ln", .symlink("/")).add("hl", .hardLink("ln/../outside/secret"))
        let error = try unpack(tar)
        #expect(error?.code == .unsafeLayer)
    }

    @Test func hardLinkToASymlinkLinksTheSymlinkItself() throws {
        let tar = TestTar().add("ln", .symlink("/etc/passwd")).add("hl", .hardLink("ln"))
        let error = try unpack(tar) { (target: String) throws in
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/hl") == "/etc/passwd")
        }
        #expect(error == nil)
    }

    @Test func deviceNodeIsRefusedWhenNotAllowed() throws {
        let error = try unpack(TestTar().add("dev/sda", .charDevice(major: 8, minor: 0)))
        #expect(error?.code == .unsafeLayer)
        #expect(error?.message.contains("device") == true)
    }

    @Test func whiteoutIsRefusedOutsideLayers() throws {
        let error = try unpack(TestTar().add(".wh.passwd", .file("")))
        #expect(error?.code == .unsafeLayer)
    }

    @Test func modesAreKeptExactlyAsInTheLayer() throws {
        let tar = TestTar().add("bin/su", .file("#!", mode: 0o4755)).add("bin/plain", .file("#!", mode: 0o755))
            .add("secret/", .folder(mode: 0o700))
        let error = try unpack(tar) { (target: String) throws in
            var info = stat()
            #expect(stat(target + "/bin/su", &info) == 0 && info.st_mode & 0o7777 == 0o4755)
            #expect(stat(target + "/bin/plain", &info) == 0 && info.st_mode & 0o7777 == 0o755)
            #expect(stat(target + "/secret", &info) == 0 && info.st_mode & 0o7777 == 0o700)
        }
        #expect(error == nil)
    }

    @Test func diffIDIsTheDigestOfTheUncompressedTar() throws {
        try TempFolder.with { folder in
            let tar = TestTar().add("a", .file("hello"))
            try tar.write(to: folder.path + "/plain.tar")
            try tar.write(to: folder.path + "/packed.tar.gz", gzip: true)
            try FileManager.default.createDirectory(atPath: folder.path + "/one", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder.path + "/two", withIntermediateDirectories: true)
            let (plain, _) = try LayerUnpacker(policy: Self.policy).unpack(
                folder.path + "/plain.tar", into: folder.path + "/one")
            let (packed, _) = try LayerUnpacker(policy: Self.policy).unpack(
                folder.path + "/packed.tar.gz", into: folder.path + "/two")
            let expected = ImageDigest.of(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/plain.tar")))
            #expect(plain == expected)
            #expect(packed == expected)
        }
    }
}
