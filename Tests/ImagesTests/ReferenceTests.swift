import Images
import Testing

/// Cases taken from the behaviour of distribution/reference (normalize_test.go), written as our own table.
@Suite struct ReferenceTests {
    @Test(arguments: [
        ("busybox", "docker.io/library/busybox:latest", "busybox:latest"),
        ("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36"),
        ("library/debian", "docker.io/library/debian:latest", "debian:latest"),
        ("docker/docker", "docker.io/docker/docker:latest", "docker/docker:latest"),
        ("docker.io/debian", "docker.io/library/debian:latest", "debian:latest"),
        ("index.docker.io/docker/docker", "docker.io/docker/docker:latest", "docker/docker:latest"),
        ("127.0.0.1:5000/docker/docker", "127.0.0.1:5000/docker/docker:latest", "127.0.0.1:5000/docker/docker:latest"),
        ("localhost:5000/a/b:tag", "localhost:5000/a/b:tag", "localhost:5000/a/b:tag"),
        ("localhost/app", "localhost/app:latest", "localhost/app:latest"),
        ("localhost:5000", "docker.io/library/localhost:5000", "localhost:5000"),
        ("192.168.0.1", "docker.io/library/192.168.0.1:latest", "192.168.0.1:latest"),
        ("192.168.0.1:8/debian", "192.168.0.1:8/debian:latest", "192.168.0.1:8/debian:latest"),
        ("[fc00::1]:5000/docker", "[fc00::1]:5000/docker:latest", "[fc00::1]:5000/docker:latest"),
        ("Docker/docker", "Docker/docker:latest", "Docker/docker:latest"),
        ("test_com/foo", "docker.io/test_com/foo:latest", "test_com/foo:latest"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080/foo:latest", "xn--n3h.com:18080/foo:latest"),
        ("docker.io/library/foo/bar", "docker.io/library/foo/bar:latest", "library/foo/bar:latest"),
        ("docker---rules/docker", "docker.io/docker---rules/docker:latest", "docker---rules/docker:latest"),
        ("dock__er/docker", "docker.io/dock__er/docker:latest", "dock__er/docker:latest"),
        ("ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base:latest", "ubuntu-12.04-base:latest"),
        (
            "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            "docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest",
            "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest"
        ),
        (
            "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa",
            "docker.io/library/busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa",
            "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
        ),
        (
            "redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
            "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
            "redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"
        ),
    ])
    func validReferencesParse(input: String, full: String, familiar: String) throws {
        let reference = try ImageReference.parse(input)
        #expect(reference.description == full)
        #expect(reference.familiarString == familiar)
    }

    @Test(arguments: [
        "https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker", "-docker.io/docker/docker",
        "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker", "[fc00::1]", "[fc00::1]:5000",
        "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian", "[2001:db8:3:4::192.0.2.33]:5000/debian",
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "docker-/docker", "-docker-/docker",
        "____/____", "_docker/_docker", "dock..er/docker", "dock_.er/docker", "dock-.er/docker", "docker/", "",
        "busybox:-tag", "busybox:" + String(repeating: "a", count: 129), "busybox@sha256:123", "busybox@md5:abc",
        "a:b:c", "UPPER", String(repeating: "a", count: 240) + "/" + String(repeating: "b", count: 20),
    ])
    func invalidReferencesAreErrors(input: String) {
        #expect(throws: ImageError.self) { try ImageReference.parse(input) }
    }

    @Test func domainAndPathSplit() throws {
        let reference = try ImageReference.parse("test.com:8080/foo/bar:v1")
        #expect(reference.domain == "test.com:8080")
        #expect(reference.path == "foo/bar")
        #expect(reference.tag == "v1")
        #expect(reference.digest == nil)
    }

    @Test func errorNamesTheReference() {
        do {
            _ = try ImageReference.parse("library/Foo")
            Issue.record("parsed an upper-case repository")
        } catch {
            #expect(error.message.contains("\"library/Foo\""))
            #expect(error.message.contains("must be lowercase"))
            #expect(error.code == .invalidReference)
        }
    }
}
