import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

#if canImport(Glibc)
    import Glibc
#endif

/// Gives the blocking HTTP client a plain socket to a TLS engine: one end of a socketpair is
/// returned, the other is joined on an event loop to a TLS connection to the engine, so
/// `UnixHTTPConnection` (and hijacked streams) work unchanged over TCP.
enum TLSTunnel {
    /// Connects to `endpoint` (TLS handshake completed, client certificate presented) and returns
    /// the caller's end of the tunnel. Errors name the address.
    static func open(_ endpoint: TCPEndpoint, files: TLSClientFiles) throws -> Int32 {
        let address = "tcp://\(endpoint.host):\(endpoint.port)"
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: try configuration(files))
        } catch {
            throw TransportError("\(address): cannot load the TLS files: \(error)")
        }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let handshake = loop.makePromise(of: Void.self)
        let serverName = isAddress(endpoint.host) ? nil : endpoint.host
        let remote: Channel
        do {
            remote = try ClientBootstrap(group: loop)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                        try channel.pipeline.syncOperations.addHandler(tls)
                        try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(handshake))
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port).wait()
            try handshake.futureResult.wait()
        } catch {
            handshake.fail(error)
            throw TransportError("cannot connect to \(address): \(error)")
        }
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            remote.close(promise: nil)
            throw TransportError("\(address): cannot make a socketpair: errno \(errno)")
        }
        do {
            let local = try ClientBootstrap(group: loop)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .withConnectedSocket(pair[1]).wait()
            try loop.submit {
                let (inner, outer) = GlueHandler.pair()
                try local.pipeline.syncOperations.addHandler(inner)
                try remote.pipeline.syncOperations.addHandler(outer)
            }.wait()
        } catch {
            remote.close(promise: nil)
            close(pair[0])
            throw TransportError("\(address): cannot join the tunnel: \(error)")
        }
        return pair[0]
    }

    private static func configuration(_ files: TLSClientFiles) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let ca = files.caCertificate { tls.trustRoots = .file(ca) }
        tls.certificateVerification = files.verify ? .fullVerification : .none
        if let certificate = files.certificate, let key = files.key {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        return tls
    }

    private static func isAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// Completes `promise` when the TLS handshake is done, or fails it with the first error.
private final class HandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<Void>

    init(_ promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { promise.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }
}

/// Copies bytes between two channels on one event loop; an end of input on one side half-closes
/// the other, a close closes both.
private final class GlueHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: GlueHandler?
    private var context: ChannelHandlerContext?

    static func pair() -> (GlueHandler, GlueHandler) {
        let first = GlueHandler()
        let second = GlueHandler()
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.context?.writeAndFlush(data, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.context?.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            partner?.context?.close(mode: .output, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
