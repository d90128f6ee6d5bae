import EngineAPI
import Foundation
import Testing

@testable import Daemon

/// HostConfig.Init, ShmSize and bind propagation reach the engine's spec.
@Suite struct CreateTranslatorRuntimeTests {
    private func translate(_ hostConfig: String) throws -> CreateTranslation {
        let body = #"{"Image":"busybox","Cmd":["true"],"HostConfig":"# + hostConfig + "}"
        let request = try JSONDecoder().decode(ContainerCreateRequest.self, from: Data(body.utf8))
        let translator = CreateTranslator(
            request: request, image: ImageDefaults(id: "sha256:00", layers: []), volumeMountpoint: { "/v/" + $0 })
        return try translator.translate(name: "c")
    }

    @Test func initAndShmSizeAreCarried() throws {
        let spec = try translate(#"{"Init":true,"ShmSize":1048576}"#).config.spec
        #expect(spec.initProcess == true)
        #expect(spec.shmSize == 1_048_576)
    }

    @Test func absentInitAndZeroShmSizeKeepTheDefaults() throws {
        let spec = try translate(#"{"ShmSize":0}"#).config.spec
        #expect(spec.initProcess == nil)
        #expect(spec.shmSize == nil)
    }

    @Test func negativeShmSizeIsRefused() {
        #expect(throws: APIError.self) { try translate(#"{"ShmSize":-1}"#) }
    }

    @Test func bindPropagationBecomesAMountOption() throws {
        let mounts = try translate(
            #"{"Binds":["/tmp:/a:ro,rslave"],"Mounts":[{"Type":"bind","Source":"/tmp","Target":"/b","BindOptions":{"Propagation":"rshared"}}]}"#
        ).config.spec.mounts
        #expect(mounts.map(\.options) == [["rbind", "ro", "rslave"], ["rbind", "rshared"]])
    }
}
