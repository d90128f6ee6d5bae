import Engine
import EngineAPI
import Foundation
import Testing

@testable import Daemon

/// HostConfig.UsernsMode and the daemon's `userns-remap` reach the engine's spec as Docker's rules say.
@Suite struct UserNamespaceModeTests {
    private func translate(_ mode: String?, remap: UserNamespace? = nil) throws -> ContainerSpec {
        let host = mode.map { #"{"UsernsMode":"\#($0)"}"# } ?? "{}"
        let body = #"{"Image":"busybox","Cmd":["true"],"HostConfig":"# + host + "}"
        let request = try JSONDecoder().decode(ContainerCreateRequest.self, from: Data(body.utf8))
        var translator = CreateTranslator(
            request: request, image: ImageDefaults(id: "sha256:00", layers: []), volumeMountpoint: { "/v/" + $0 })
        translator.userNamespaceRemap = remap
        return try translator.translate(name: "c").config.spec
    }

    @Test func withoutRemapOnlyPrivateMakesOne() throws {
        #expect(try translate(nil).userNamespace == nil)
        #expect(try translate("").userNamespace == nil)
        #expect(try translate("host").userNamespace == nil)
        #expect(try translate("private").userNamespace == .remapped())
    }

    @Test func remapGivesEveryContainerOneButHost() throws {
        let remap = UserNamespace.remapped(hostID: 200_000, size: 1000)
        #expect(try translate(nil, remap: remap).userNamespace == remap)
        #expect(try translate("private", remap: remap).userNamespace == remap)
        #expect(try translate("host", remap: remap).userNamespace == nil)
    }

    @Test func otherModesAreBadRequestsNamingTheField() {
        #expect {
            try translate("keep-id")
        } throws: { error in
            guard let error = error as? APIError else { return false }
            return error.status == .badRequest
                && error.message == "HostConfig.UsernsMode: invalid user namespace mode 'keep-id' (host or private)"
        }
    }

    @Test func daemonKeyTakesDefaultOrHostIDAndSize() throws {
        var configuration = DaemonConfiguration()
        #expect(try configuration.userNamespaceRemap() == nil)
        configuration.usernsRemap = "default"
        #expect(try configuration.userNamespaceRemap() == .remapped())
        configuration.usernsRemap = "300000:5000"
        #expect(try configuration.userNamespaceRemap() == .remapped(hostID: 300_000, size: 5000))
        for bad in ["dockremap", "300000", "300000:0", "4294967290:100"] {
            configuration.usernsRemap = bad
            let error = #expect(throws: ConfigurationError.self, "\(bad)") { try configuration.validate() }
            #expect(error?.description.hasPrefix("userns-remap: \"\(bad)\"") == true, "\(String(describing: error))")
        }
    }

    @Test func daemonJSONReadsTheKey() throws {
        let path = NSTemporaryDirectory() + "berth-userns-\(UInt32.random(in: 0...UInt32.max)).json"
        try #"{"userns-remap": "default"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try DaemonConfiguration.load(path: path)
        #expect(configuration.usernsRemap == "default")
        try configuration.validate()
    }
}
