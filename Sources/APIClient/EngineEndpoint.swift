import Foundation

/// Which engine the CLI talks to: `-H/--host`, then BERTH_HOST, then DOCKER_HOST, then berth's
/// default socket.
package struct EngineEndpoint: Sendable, Equatable {
    /// berth's default socket.
    package static let defaultSocket = "/run/berth/berth.sock"

    /// The UNIX socket path (empty for a TCP endpoint).
    package var socketPath: String
    /// Whether the address is berth's default (the CLI may start a daemon there).
    package var isDefault: Bool
    /// The TCP address and its TLS settings, for `tcp://` hosts.
    package var tcp: TCPEndpoint?

    /// A UNIX socket endpoint.
    package init(socketPath: String, isDefault: Bool) {
        self.socketPath = socketPath
        self.isDefault = isDefault
    }

    /// A TCP endpoint.
    package init(tcp: TCPEndpoint) {
        self.socketPath = ""
        self.isDefault = false
        self.tcp = tcp
    }

    /// How the address reads in messages: `unix:///path` or `tcp://host:port`.
    package var description: String {
        tcp.map { "tcp://\($0.host):\($0.port)" } ?? "unix://\(socketPath)"
    }

    /// Resolves the endpoint from an explicit host, TLS flags and the environment (docker's
    /// DOCKER_TLS_VERIFY and DOCKER_CERT_PATH with ca.pem, cert.pem and key.pem).
    package static func resolve(host: String?, tls: TLSFlags = TLSFlags(), environment: [String: String]) throws
        -> EngineEndpoint
    {
        let chosen =
            host ?? environment["BERTH_HOST"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen else { return EngineEndpoint(socketPath: defaultSocket, isDefault: true) }
        if chosen.hasPrefix("unix://") {
            let path = String(chosen.dropFirst("unix://".count))
            return EngineEndpoint(socketPath: path, isDefault: path == defaultSocket)
        }
        if chosen.hasPrefix("/") { return EngineEndpoint(socketPath: chosen, isDefault: chosen == defaultSocket) }
        guard chosen.hasPrefix("tcp://") else {
            throw TransportError("host \(chosen): expected unix:///path or tcp://host:port")
        }
        let address = String(chosen.dropFirst("tcp://".count)).split(separator: "/").first.map(String.init) ?? ""
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (1...65535).contains(port), colon > address.startIndex
        else {
            throw TransportError("host \(chosen): expected tcp://host:port")
        }
        var name = String(address[..<colon])
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        return EngineEndpoint(tcp: TCPEndpoint(host: name, port: port, tls: tls.files(environment: environment)))
    }
}

/// A TCP engine address.
package struct TCPEndpoint: Sendable, Equatable {
    /// Host name or address.
    package var host: String
    /// Port.
    package var port: Int
    /// TLS settings; nil for plain TCP.
    package var tls: TLSClientFiles?
}

/// The client's TLS files: the CA that the server's certificate must chain to, and the client's
/// own certificate and key (which berth's daemon requires).
package struct TLSClientFiles: Sendable, Equatable {
    /// CA certificate (PEM); nil trusts the system's CAs.
    package var caCertificate: String?
    /// Client certificate (PEM).
    package var certificate: String?
    /// Client private key (PEM).
    package var key: String?
    /// Check the server's certificate (docker's --tlsverify); without it TLS still encrypts.
    package var verify: Bool
}

/// docker's client TLS flags (`--tls`, `--tlsverify`, `--tlscacert`, `--tlscert`, `--tlskey`).
package struct TLSFlags: Sendable, Equatable {
    package var tls = false
    package var verify = false
    package var caCertificate: String?
    package var certificate: String?
    package var key: String?

    /// No flags given.
    package init() {}

    /// The files to use, or nil for plain TCP: TLS is on with any flag or DOCKER_TLS_VERIFY, and
    /// files not given come from DOCKER_CERT_PATH (default ~/.docker) when they exist there.
    package func files(environment: [String: String]) -> TLSClientFiles? {
        let verifyFromEnvironment = !(environment["DOCKER_TLS_VERIFY"] ?? "").isEmpty
        let wanted = tls || verify || verifyFromEnvironment || caCertificate != nil || certificate != nil
        guard wanted else { return nil }
        let folder =
            environment["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? "/root") + "/.docker"
        func pick(_ given: String?, _ name: String) -> String? {
            if let given { return given }
            let path = folder + "/" + name
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        return TLSClientFiles(
            caCertificate: pick(caCertificate, "ca.pem"), certificate: pick(certificate, "cert.pem"),
            key: pick(key, "key.pem"), verify: verify || verifyFromEnvironment)
    }
}
