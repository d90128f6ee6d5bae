import Foundation
import Testing

@testable import RuntimeCore

@Suite struct StoredSeccompProfileTests {
    private func roundTrip(_ spec: ContainerSpec) throws -> (json: String, decoded: ContainerSpec) {
        let data = try JSONEncoder().encode(spec)
        return (String(decoding: data, as: UTF8.self), try JSONDecoder().decode(ContainerSpec.self, from: data))
    }

    @Test func dockersDefaultIsStoredAsAMarker() throws {
        let spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        let (json, decoded) = try roundTrip(spec)
        #expect(json.contains(#""seccomp":"docker-default""#))
        #expect(json.utf8.count < 2000)
        #expect(decoded == spec)
        #expect(decoded.seccomp == .dockerDefault)
    }

    @Test func otherProfilesAndUnconfinedAreStoredAsThey() throws {
        var custom = ContainerSpec(root: .directory("/r"), args: ["true"])
        custom.seccomp = SeccompProfile(
            defaultAction: "SCMP_ACT_ALLOW",
            syscalls: [
                .init(names: ["mkdir"], action: "SCMP_ACT_ERRNO")
            ])
        let (json, decoded) = try roundTrip(custom)
        #expect(json.contains(#""defaultAction":"SCMP_ACT_ALLOW""#))
        #expect(decoded == custom)
        let unconfined = ContainerSpec(root: .directory("/r"), args: ["true"], seccomp: nil)
        #expect(try roundTrip(unconfined).decoded.seccomp == nil)
    }

    /// Records written before the marker hold the whole profile, or no key when unconfined.
    @Test func recordsWrittenBeforeTheMarkerStillDecode() throws {
        let spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(spec)) as? [String: Any])
        object["seccomp"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(SeccompProfile.dockerDefault))
        let whole = try JSONDecoder().decode(ContainerSpec.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(whole.seccomp == .dockerDefault)
        object["seccomp"] = nil
        let absent = try JSONDecoder().decode(ContainerSpec.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(absent.seccomp == nil)
        object["seccomp"] = "something-else"
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ContainerSpec.self, from: JSONSerialization.data(withJSONObject: object))
        }
    }
}
