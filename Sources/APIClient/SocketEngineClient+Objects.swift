import EngineAPI
import Foundation

extension SocketEngineClient {
    package func listNetworks(filters: Filters) async throws -> [NetworkSummary] {
        try await Self.blocking {
            try json([NetworkSummary].self, "GET", "/networks", query: [("filters", Self.filters(filters))])
        }
    }

    package func inspectNetwork(_ id: String) async throws -> NetworkSummary {
        try await Self.blocking { try json(NetworkSummary.self, "GET", "/networks/\(Self.escape(id))") }
    }

    package func createNetwork(_ request: NetworkCreateRequest) async throws -> NetworkCreateResponse {
        let body = try Self.encode(request)
        return try await Self.blocking { try json(NetworkCreateResponse.self, "POST", "/networks/create", body: body) }
    }

    package func removeNetwork(_ id: String) async throws {
        try await Self.blocking { _ = try call("DELETE", "/networks/\(Self.escape(id))") }
    }

    package func connectNetwork(_ id: String, _ request: NetworkConnectRequest) async throws {
        let body = try Self.encode(request)
        try await Self.blocking { _ = try call("POST", "/networks/\(Self.escape(id))/connect", body: body) }
    }

    package func disconnectNetwork(_ id: String, _ request: NetworkDisconnectRequest) async throws {
        let body = try Self.encode(request)
        try await Self.blocking { _ = try call("POST", "/networks/\(Self.escape(id))/disconnect", body: body) }
    }

    package func listVolumes(filters: Filters) async throws -> [Volume] {
        try await Self.blocking {
            try json(VolumeListResponse.self, "GET", "/volumes", query: [("filters", Self.filters(filters))]).volumes
                ?? []
        }
    }

    package func inspectVolume(_ name: String) async throws -> Volume {
        try await Self.blocking { try json(Volume.self, "GET", "/volumes/\(Self.escape(name))") }
    }

    package func createVolume(_ request: VolumeCreateRequest) async throws -> Volume {
        let body = try Self.encode(request)
        return try await Self.blocking { try json(Volume.self, "POST", "/volumes/create", body: body) }
    }

    package func removeVolume(_ name: String, force: Bool) async throws {
        try await Self.blocking {
            _ = try call("DELETE", "/volumes/\(Self.escape(name))", query: [("force", force ? "1" : nil)])
        }
    }

    package func listImages(filters: Filters) async throws -> [ImageSummary] {
        try await Self.blocking {
            try json([ImageSummary].self, "GET", "/images/json", query: [("filters", Self.filters(filters))])
        }
    }

    package func inspectImage(_ name: String) async throws -> ImageInspect {
        try await Self.blocking { try json(ImageInspect.self, "GET", "/images/\(name)/json") }
    }

    package func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteResponseItem] {
        try await Self.blocking {
            try json(
                [ImageDeleteResponseItem].self, "DELETE", "/images/\(name)",
                query: [("force", force ? "1" : nil), ("noprune", noPrune ? "1" : nil)])
        }
    }

    package func pullImage(_ reference: String, platform: String?, registryAuth: String?)
        -> AsyncThrowingStream<ImagePullProgress, any Error>
    {
        let query: [(String, String?)] = [("fromImage", reference), ("platform", platform)]
        let headers = registryAuth.map { [("X-Registry-Auth", $0)] } ?? []
        return jsonLines("POST", "/images/create", query: query, headers: headers) { line in
            let message = try JSONDecoder().decode(ImagePullProgress.self, from: Data(line))
            if let error = message.error { throw EngineClientError(code: .server, message: error) }
            return message
        }
    }
}

extension SocketEngineClient {
    /// `POST /networks/prune` with label filters; returns the removed networks' names.
    package func pruneNetworks(labels: [String: String]) async throws -> [String] {
        let filters = Filters(["label": labels.map { $0.value.isEmpty ? $0.key : "\($0.key)=\($0.value)" }.sorted()])
        struct Answer: Decodable { var NetworksDeleted: [String]? }
        return try await Self.blocking {
            try json(
                Answer.self, "POST", "/networks/prune",
                query: [("filters", Self.filters(labels.isEmpty ? Filters() : filters))]
            ).NetworksDeleted ?? []
        }
    }
}
