import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The API server: HTTP/1.1 on UNIX sockets (and TCP only with TLS), one `Router` for all.
package final class APIServer: Sendable {
    /// Request bodies above this are refused with a 400 (image archives stream through other routes).
    package static let maximumBodySize = 8 << 20

    let group: MultiThreadedEventLoopGroup
    let router: Router
    let configuration: DaemonConfiguration
    let logger: Logger
    /// The listeners; nil once shut down.
    let channels = Mutex<[Channel]?>([])

    /// Makes a server for `router`; nothing listens until `start()`.
    package init(configuration: DaemonConfiguration, router: Router, logger: Logger) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
        // Routes run on their own threads; the loops only move bytes.
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Binds every configured host. Throws, naming the address, when one cannot be bound; a socket
    /// file left by a dead daemon is replaced, one that answers is not.
    package func start() throws {
        for host in configuration.hosts {
            if host.hasPrefix("unix://") {
                try bindUnix(path: String(host.dropFirst("unix://".count)))
            } else if host.hasPrefix("tcp://") {
                try bindTCP(address: String(host.dropFirst("tcp://".count)))
            } else {
                throw ConfigurationError("hosts: \(host): expected unix:///path or tcp://host:port")
            }
        }
    }

    /// Closes the listeners and waits for the loops to stop; later calls do nothing.
    package func shutdown() {
        guard
            let listeners = channels.withLock({ value in
                defer { value = nil }; return value
            })
        else { return }
        for channel in listeners {
            try? channel.close().wait()
        }
        try? group.syncShutdownGracefully()
    }

    private func bindUnix(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: path) {
            guard !UnixSocketProbe.answers(path: path) else {
                throw ConfigurationError("hosts: unix://\(path): another daemon is already listening there")
            }
            unlink(path)
        }
        let router = router
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.configure(channel.pipeline.syncOperations, router: router)
                }
            }
            .bind(unixDomainSocketPath: path).wait()
        channels.withLock { $0?.append(channel) }
        try secure(socket: path)
        logger.info("listening", metadata: ["socket": "\(path)"])
    }

    static func configure(_ pipeline: ChannelPipeline.SynchronousOperations, router: Router) throws {
        let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
        try pipeline.addHandler(decoder, name: "http-decoder")
        try pipeline.addHandler(HTTPResponseEncoder(), name: "http-encoder")
        try pipeline.addHandler(
            APIConnectionHandler(router: router, maximumBodySize: maximumBodySize), name: "api")
    }

    /// Mode 0660, owned by root and the configured group when it exists (else root only).
    private func secure(socket path: String) throws {
        var groupID = getegid()
        if let entry = getgrnam(configuration.group) {
            groupID = entry.pointee.gr_gid
        } else {
            logger.info(
                "socket group does not exist; the socket is root's only", metadata: ["group": "\(configuration.group)"])
        }
        guard chown(path, geteuid(), groupID) == 0, chmod(path, 0o660) == 0 else {
            throw ConfigurationError("hosts: unix://\(path): cannot set the socket's owner and mode: errno \(errno)")
        }
    }
}

/// Checks whether something accepts connections on a UNIX socket.
package enum UnixSocketProbe {
    /// True when a connect to `path` succeeds.
    package static func answers(path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }
}
