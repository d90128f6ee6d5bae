/// Which engine the CLI talks to: `-H/--host`, then BERTH_HOST, then DOCKER_HOST, then berth's
/// default socket.
package struct EngineEndpoint: Sendable, Equatable {
    /// berth's default socket.
    package static let defaultSocket = "/run/berth/berth.sock"

    /// The UNIX socket path.
    package var socketPath: String
    /// Whether the address is berth's default (the CLI may start a daemon there).
    package var isDefault: Bool

    /// Resolves the endpoint from an explicit host and the environment. Only `unix://` addresses
    /// are served in this build; a `tcp://` address is an error naming it.
    package static func resolve(host: String?, environment: [String: String]) throws -> EngineEndpoint {
        let chosen =
            host ?? environment["BERTH_HOST"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen else { return EngineEndpoint(socketPath: defaultSocket, isDefault: true) }
        if chosen.hasPrefix("unix://") {
            let path = String(chosen.dropFirst("unix://".count))
            return EngineEndpoint(socketPath: path, isDefault: path == defaultSocket)
        }
        if chosen.hasPrefix("/") { return EngineEndpoint(socketPath: chosen, isDefault: chosen == defaultSocket) }
        throw TransportError("host \(chosen): only unix:// sockets are supported by this build of berth")
    }
}
