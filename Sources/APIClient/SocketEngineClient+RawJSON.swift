import EngineAPI
import Foundation

/// The raw JSON of inspect and stats, for `berth container inspect|stats` (printed as the engine wrote
/// them, so no field is lost in a round trip through our models).
extension SocketEngineClient {
    /// `GET /containers/{id}/json`, the body as the engine sent it.
    package func inspectContainerJSON(_ id: String) async throws -> [UInt8] {
        try await Self.blocking { try call("GET", "/containers/\(Self.escape(id))/json") }
    }

    /// `GET /containers/{id}/stats?stream=0`: one sample, the body as the engine sent it.
    package func containerStatsJSON(_ id: String) async throws -> [UInt8] {
        try await Self.blocking {
            try call("GET", "/containers/\(Self.escape(id))/stats", query: [("stream", "0")])
        }
    }
}
