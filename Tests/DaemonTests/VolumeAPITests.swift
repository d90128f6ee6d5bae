import APIClient
import Daemon
import EngineAPI
import Foundation
import Testing

@Suite("Volumes API")
struct VolumeAPITests {
    @Test("create, list by label, inspect and remove a volume through the socket client")
    func lifecycle() async throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let client = SocketEngineClient(socketPath: daemon.socketPath)
        let created = try await client.createVolume(
            VolumeCreateRequest(name: "data1", labels: ["com.docker.compose.project": "p1"]))
        #expect(created.name == "data1")
        #expect(created.driver == "local")
        let mountpoint = try #require(created.mountpoint)
        #expect(FileManager.default.fileExists(atPath: mountpoint))
        // Creating it again returns the same volume, as dockerd does.
        let again = try await client.createVolume(VolumeCreateRequest(name: "data1"))
        #expect(again.createdAt == created.createdAt)
        _ = try await client.createVolume(VolumeCreateRequest(name: "other"))
        let listed = try await client.listVolumes(filters: .label("com.docker.compose.project=p1"))
        #expect(listed.map(\.name) == ["data1"])
        #expect(try await client.inspectVolume("data1").mountpoint == mountpoint)
        try await client.removeVolume("data1", force: false)
        #expect(!FileManager.default.fileExists(atPath: mountpoint))
        await #expect {
            _ = try await client.inspectVolume("data1")
        } throws: { error in
            (error as? EngineClientError)?.code == .notFound
        }
    }

    @Test("an anonymous volume gets a 64-hex name and prune removes it but not named ones")
    func prune() async throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let client = SocketEngineClient(socketPath: daemon.socketPath)
        let anonymous = try await client.createVolume(VolumeCreateRequest())
        #expect(anonymous.name.count == 64)
        _ = try await client.createVolume(VolumeCreateRequest(name: "keep"))
        let (head, body) = try daemon.request("POST", "/volumes/prune")
        #expect(head.status == 200)
        #expect(body.contains(anonymous.name))
        #expect(try await client.listVolumes(filters: Filters()).map(\.name) == ["keep"])
    }

    @Test(
        "bad volume requests are 400s that name the field and create nothing",
        arguments: [
            (#"{"Name": "a/b"}"#, "invalid characters"),
            (#"{"Name": "ok", "Driver": "nfs"}"#, "Driver"),
            (#"{"Name": "ok", "DriverOpts": {"bogus": "1"}}"#, "DriverOpts"),
            (#"{"Name": 5}"#, "Name"),
            (#"{"Name": "#, "malformed JSON"),
        ])
    func badRequests(body: String, expected: String) throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (head, answer) = try daemon.request("POST", "/volumes/create", body: Array(body.utf8))
        #expect(head.status == 400)
        #expect(TestDaemon.message(answer)?.contains(expected) == true, "\(answer)")
        let (_, list) = try daemon.request("GET", "/volumes")
        #expect(list.contains("\"Volumes\":[]"), "\(list)")
    }
}
