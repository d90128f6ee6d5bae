import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

@Suite struct UserNamespaceTests {
    private typealias Mapping = UserNamespace.Mapping

    private func message(_ namespace: UserNamespace) -> String? {
        let error = #expect(throws: EngineError.self) { try namespace.validate() }
        #expect(error?.code == .invalidSpec)
        return error?.message
    }

    @Test func defaultMapIsDockers() throws {
        let namespace = UserNamespace.remapped()
        #expect(namespace.uidMappings == [Mapping(containerID: 0, hostID: 100_000, size: 65_536)])
        #expect(namespace.gidMappings == namespace.uidMappings)
        try namespace.validate()
        #expect(UserNamespace.hostID(of: 0, in: namespace.uidMappings) == 100_000)
        #expect(UserNamespace.hostID(of: 65_535, in: namespace.uidMappings) == 165_535)
        #expect(UserNamespace.hostID(of: 65_536, in: namespace.uidMappings) == nil)
    }

    @Test func severalMappingsAreFine() throws {
        let mappings = [
            Mapping(containerID: 0, hostID: 100_000, size: 1000), Mapping(containerID: 1000, hostID: 1000, size: 1),
            Mapping(containerID: 1001, hostID: 101_001, size: 64_535),
        ]
        try UserNamespace(uidMappings: mappings, gidMappings: mappings).validate()
        #expect(UserNamespace.hostID(of: 1000, in: mappings) == 1000)
    }

    @Test func badMapsNameTheField() {
        let good = [Mapping(containerID: 0, hostID: 100_000, size: 65_536)]
        #expect(
            message(UserNamespace(uidMappings: good, gidMappings: []))
                == "user namespace: gidMappings: container gid 0 is not mapped")
        #expect(
            message(UserNamespace(uidMappings: [Mapping(containerID: 1, hostID: 100_000, size: 5)], gidMappings: good))
                == "user namespace: uidMappings: container uid 0 is not mapped")
        #expect(
            message(UserNamespace(uidMappings: good, gidMappings: [Mapping(containerID: 0, hostID: 5, size: 0)]))
                == "user namespace: gidMappings[0] (0 5 0): size must be at least 1")
        let overlappingHosts = good + [Mapping(containerID: 70_000, hostID: 165_535, size: 2)]
        #expect(
            message(UserNamespace(uidMappings: overlappingHosts, gidMappings: good))
                == "user namespace: uidMappings[1] (70000 165535 2): overlaps uidMappings[0]")
        let containerOverflow = [Mapping(containerID: 4_294_967_295, hostID: 1, size: 2)]
        #expect(
            message(UserNamespace(uidMappings: good + containerOverflow, gidMappings: good))
                == "user namespace: uidMappings[1] (4294967295 1 2): the container range passes uid 4294967295")
        let hostOverflow = [Mapping(containerID: 0, hostID: 4_294_967_295, size: 1)]
        #expect(
            message(UserNamespace(uidMappings: good, gidMappings: hostOverflow))
                == "user namespace: gidMappings[0] (0 4294967295 1): the host range passes gid 4294967294")
        let many = (0..<341).map { Mapping(containerID: UInt32($0), hostID: 100_000 + UInt32($0), size: 1) }
        #expect(
            message(UserNamespace(uidMappings: many, gidMappings: good))
                == "user namespace: uidMappings: 341 mappings, the kernel takes at most 340")
    }

    @Test func initMessageCarriesTheMaps() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.userNamespace = UserNamespace(
            uidMappings: [Mapping(containerID: 0, hostID: 100_000, size: 10)],
            gidMappings: [Mapping(containerID: 0, hostID: 200_000, size: 20)])
        let tokens = try InitMessage.encode(spec).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(
            Array(tokens.prefix(10)) == ["root", "/r", "uidmap", "0", "100000", "10", "gidmap", "0", "200000", "20"])
        spec.userNamespace?.uidMappings = []
        #expect(throws: EngineError.self) { try InitMessage.encode(spec) }
    }

    @Test func ociConfigWritesAndReadsTheMaps() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.userNamespace = .remapped(hostID: 300_000, size: 1000)
        let data = try JSONEncoder().encode(OCIConfig(spec: spec))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let linux = try #require(json["linux"] as? [String: Any])
        let namespaces = (linux["namespaces"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
        #expect(namespaces?.last == "user")
        let uids = linux["uidMappings"] as? [[String: Int]]
        #expect(uids == [["containerID": 0, "hostID": 300_000, "size": 1000]])
        let config = try JSONDecoder().decode(OCIConfig.self, from: data)
        let read = try OCIBundle(directory: "/b", config: config).containerSpec()
        #expect(read.userNamespace == spec.userNamespace)
        #expect(read.namespaces == spec.namespaces)
    }

    @Test func ociUserNamespaceWithoutMapsIsRefused() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.userNamespace = .remapped()
        var config = OCIConfig(spec: spec)
        config.linux?.gidMappings = nil
        let error = #expect(throws: EngineError.self) { try OCIBundle(directory: "/b", config: config).containerSpec() }
        #expect(
            error?.message
                == "bundle /b: config.json: linux.namespaces[5]: a user namespace needs linux.uidMappings and gidMappings"
        )
        config.linux?.gidMappings = [Mapping(containerID: 0, hostID: 1, size: 0)]
        let bad = #expect(throws: EngineError.self) { try OCIBundle(directory: "/b", config: config).containerSpec() }
        #expect(
            bad?.message == "bundle /b: config.json: user namespace: gidMappings[0] (0 1 0): size must be at least 1")
    }

    @Test func specsWrittenBeforeUserNamespacesStillDecode() throws {
        let spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(spec)) as? [String: Any])
        object["userNamespace"] = nil
        let decoded = try JSONDecoder().decode(ContainerSpec.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.userNamespace == nil)
        #expect(decoded == spec)
    }
}
