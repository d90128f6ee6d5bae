import Foundation
import Testing

/// `berth daemon -H tcp://...` only with mutual TLS: clients need a certificate from the daemon's CA.
@Suite("Daemon over TCP with mutual TLS", .privileged, .serialized)
struct DaemonTLSTests {
    /// A CA, a server certificate for 127.0.0.1 and client certificates (one from the CA, one
    /// self-signed), made with openssl in `folder`.
    private static func makeCertificates(in folder: String) throws {
        let script = """
            set -e
            cd "$1"
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 1 -subj /CN=berth-test-ca
            printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext
            openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=127.0.0.1
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 \\
                -extfile server.ext -out server-cert.pem
            printf 'extendedKeyUsage=clientAuth\\n' > client.ext
            openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj /CN=client
            openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 \\
                -extfile client.ext -out cert.pem
            openssl req -x509 -newkey rsa:2048 -nodes -keyout rogue-key.pem -out rogue.pem -days 1 -subj /CN=rogue
            """
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let made = try DaemonFixture.run("/bin/sh", ["-c", script, "sh", folder])
        try #require(made.status == 0, "openssl: \(made.error)")
    }

    private static func freePort() -> Int { Int.random(in: 20000...45000) }

    @Test(
        "docker and berth reach the daemon with a client certificate; without one, or with a foreign one, they cannot")
    func mutualTLS() throws {
        let certificates = NSTemporaryDirectory() + "berth-tls-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: certificates) }
        try Self.makeCertificates(in: certificates)
        let port = Self.freePort()
        let daemon = try DaemonFixture(arguments: [
            "-H", "tcp://127.0.0.1:\(port)", "--tlsverify", "--tlscacert", certificates + "/ca.pem", "--tlscert",
            certificates + "/server-cert.pem", "--tlskey", certificates + "/server-key.pem",
        ])
        defer { daemon.close() }
        for _ in 0..<100
        where (try? DaemonFixture.run("/usr/bin/curl", ["-s", "http://127.0.0.1:\(port)/"]))?.status == 7 {
            usleep(20_000)
        }
        let host = "tcp://127.0.0.1:\(port)"

        let docker = try DaemonFixture.run(
            "/usr/bin/env",
            [
                "docker", "--tlsverify", "--tlscacert", certificates + "/ca.pem", "--tlscert",
                certificates + "/cert.pem",
                "--tlskey", certificates + "/key.pem", "-H", host, "version", "--format", "{{.Server.Version}}",
            ])
        #expect(docker.status == 0 && !docker.output.isEmpty, "\(docker.error)")

        // berth's own client, configured as docker's is: DOCKER_TLS_VERIFY and DOCKER_CERT_PATH.
        let berth = try DaemonFixture.run(
            daemon.berth.path, ["network", "ls"],
            environment: ["BERTH_HOST": host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certificates])
        #expect(berth.status == 0, "\(berth.error)")

        let withCertificate = try DaemonFixture.run(
            "/usr/bin/curl",
            [
                "-s", "--cacert", certificates + "/ca.pem", "--cert", certificates + "/cert.pem", "--key",
                certificates + "/key.pem", "https://127.0.0.1:\(port)/_ping",
            ])
        #expect(withCertificate.output == "OK", "\(withCertificate.error)")
        let without = try DaemonFixture.run(
            "/usr/bin/curl", ["-s", "--cacert", certificates + "/ca.pem", "https://127.0.0.1:\(port)/_ping"])
        #expect(without.status != 0 && without.output != "OK", "a client without a certificate got in")
        let rogue = try DaemonFixture.run(
            "/usr/bin/curl",
            [
                "-s", "--cacert", certificates + "/ca.pem", "--cert", certificates + "/rogue.pem", "--key",
                certificates + "/rogue-key.pem", "https://127.0.0.1:\(port)/_ping",
            ])
        #expect(rogue.status != 0 && rogue.output != "OK", "a certificate from another CA got in")
        let plain = try DaemonFixture.run("/usr/bin/curl", ["-s", "http://127.0.0.1:\(port)/_ping"])
        #expect(plain.output != "OK", "plain HTTP got an answer on the TLS port")
    }

    @Test("a tcp:// listener without TLS is refused with a clear error, unless forced")
    func plainTCPIsRefused() throws {
        let folder = NSTemporaryDirectory() + "berth-tcp-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let refused = try DaemonFixture.run(
            DaemonFixture.executable.path,
            [
                "daemon", "-H", "tcp://127.0.0.1:\(Self.freePort())", "--data-root", folder + "/root", "--exec-root",
                folder + "/run",
            ])
        #expect(refused.status != 0)
        #expect(
            refused.error.contains("--tlsverify") && refused.error.contains("--allow-insecure-tcp"), "\(refused.error)")
    }
}
