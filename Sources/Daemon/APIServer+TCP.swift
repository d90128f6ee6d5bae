import Foundation
import NIOCore
import NIOPosix
import NIOSSL

extension APIServer {
    /// Binds `host:port` with TLS, client certificates required and checked against the CA
    /// (dockerd's `--tlsverify`). Plain TCP would hand root to anyone who can reach the port, so it is
    /// refused unless `allowInsecureTCP` forces it, and then a warning is logged and printed.
    func bindTCP(address: String) throws {
        let (host, port) = try Self.split(address)
        let tls = try tlsContext(for: address)
        let router = router
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls), name: "tls") }
                    try Self.configure(pipeline, router: router)
                }
            }
            .bind(host: host, port: port).wait()
        channels.withLock { $0?.append(channel) }
        logger.info("listening", metadata: ["address": "tcp://\(address)", "tls": "\(tls != nil)"])
    }

    /// The server's TLS context, or nil for forced plain TCP.
    private func tlsContext(for address: String) throws -> NIOSSLContext? {
        guard configuration.tlsVerify else {
            guard configuration.allowInsecureTCP else {
                throw ConfigurationError(
                    "hosts: tcp://\(address): a TCP listener needs --tlsverify with --tlscacert, --tlscert and "
                        + "--tlskey (clients must present a certificate signed by that CA); "
                        + "--allow-insecure-tcp forces plain TCP")
            }
            let warning = "WARNING: tcp://\(address) is plain TCP without TLS: anyone who reaches it controls this host"
            FileHandle.standardError.write(Data((warning + "\n").utf8))
            logger.warning("\(warning)")
            return nil
        }
        guard let ca = configuration.tlsCACert, let cert = configuration.tlsCert, let key = configuration.tlsKey else {
            throw ConfigurationError("hosts: tcp://\(address): --tlsverify needs --tlscacert, --tlscert and --tlskey")
        }
        do {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            tls.trustRoots = .file(ca)
            // Clients have no host name to match; their certificate must chain to the CA.
            tls.certificateVerification = .noHostnameVerification
            tls.minimumTLSVersion = .tlsv12
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ConfigurationError(
                "hosts: tcp://\(address): cannot load the TLS files (\(ca), \(cert), \(key)): \(error)")
        }
    }

    /// `host:port` or `[v6]:port`; the port is required.
    static func split(_ address: String) throws -> (host: String, port: Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            throw ConfigurationError("hosts: tcp://\(address): expected tcp://HOST:PORT")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}
