import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything the network manager must remember across daemon restarts: networks (with their
/// endpoints and address allocations) and the published ports and firewall rules of containers.
package struct NetworkState: Sendable, Codable, Equatable {
    /// Networks by ID.
    package var networks: [String: NetworkRecord] = [:]
    /// Published ports by container ID.
    package var published: [String: [PublishedPort]] = [:]
    /// Firewall rules by owner: a network ID or a container ID.
    package var rules: [String: [FirewallRule]] = [:]

    /// An empty state.
    package init() {}

    /// The network whose ID, unique ID prefix or name is `reference`.
    package func network(_ reference: String) -> NetworkRecord? {
        if let exact = networks[reference] { return exact }
        if let named = networks.values.first(where: { $0.name == reference }) { return named }
        let matches = networks.values.filter { $0.id.hasPrefix(reference) }
        return matches.count == 1 ? matches.first : nil
    }

    /// Reads `path`; an empty state when the file does not exist yet.
    static func load(from path: String) throws(NetworkError) -> NetworkState {
        guard FileManager.default.fileExists(atPath: path) else { return NetworkState() }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(NetworkState.self, from: data)
        } catch {
            throw NetworkError(.systemCall, "cannot read network state \(path)", cause: error)
        }
    }

    /// Writes `path` atomically: a temporary file, fsync, then rename over the old one.
    func save(to path: String) throws(NetworkError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        let temporary = "\(path).tmp"
        do {
            let data = try encoder.encode(self)
            let fd = try systemCall("open", path: temporary) {
                open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            }
            defer { close(fd) }
            let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == data.count else { throw SystemCallError(call: "write", errno: errno, path: temporary) }
            try systemCall("fsync", path: temporary) { fsync(fd) }
            try systemCall("rename", path: path) { rename(temporary, path) }
        } catch {
            throw NetworkError(.systemCall, "cannot write network state \(path)", cause: error)
        }
    }
}
