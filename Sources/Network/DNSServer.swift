import CNetwork
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The embedded DNS server of one network: UDP and TCP on the gateway address, served by one
/// dedicated thread (never Swift concurrency's pool). It answers only clients inside the
/// network's subnets, from a zone the manager replaces as endpoints come and go.
package final class DNSServer: Sendable {
    private struct Shared {
        var zone: DNSZone
        var rotation = 0
    }

    private let shared: Mutex<Shared>
    private let udp: Int32
    private let tcp: Int32
    var tcpSocket: Int32 { tcp }
    var upstreamServers: [IPAddress] { upstreams }
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let upstreams: [IPAddress]
    private let thread: Mutex<pthread_t?> = Mutex(nil)

    /// Binds `address`:`port` (UDP and TCP) and starts serving `zone`; `upstreams` get the
    /// names that are not the network's.
    package init(address: IPAddress, port: UInt16, zone: DNSZone, upstreams: [IPAddress]) throws(NetworkError) {
        shared = Mutex(Shared(zone: zone))
        self.upstreams = upstreams.filter { $0.family == .v4 }
        let what = "dns server on \(address)"
        udp = try InetSocket.bound(type: Int32(SOCK_DGRAM.rawValue), address: address, port: port, what: what)
        do {
            tcp = try InetSocket.bound(
                type: Int32(SOCK_STREAM.rawValue), address: address, port: port, what: what, reuseAddress: true)
        } catch {
            close(udp)
            throw error
        }
        var fds: [Int32] = [-1, -1]
        guard listen(tcp, 16) == 0, cnetwork_pipe2(&fds, O_CLOEXEC) == 0 else {
            let code = errno
            close(udp)
            close(tcp)
            throw NetworkError(
                .systemCall, "\(what): cannot listen", cause: SystemCallError(call: "listen", errno: code))
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        try start()
    }

    private func start() throws(NetworkError) {
        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(
            &handle, nil,
            { raw in
                guard let raw else { return nil }
                let server = Unmanaged<DNSServer>.fromOpaque(raw).takeRetainedValue()
                server.serve()
                return nil
            }, context)
        guard rc == 0 else {
            Unmanaged<DNSServer>.fromOpaque(context).release()
            close(udp)
            close(tcp)
            close(wakeRead)
            close(wakeWrite)
            throw NetworkError(
                .systemCall, "cannot start a dns thread", cause: SystemCallError(call: "pthread_create", errno: rc))
        }
        thread.withLock { $0 = handle }
    }

    /// Replaces the names served.
    package func update(_ zone: DNSZone) {
        shared.withLock { $0.zone = zone }
    }

    /// Stops the thread, waits for it, and closes the sockets.
    package func stop() {
        guard
            let handle = thread.withLock({ value -> pthread_t? in
                defer { value = nil }; return value
            })
        else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        pthread_join(handle, nil)
        close(udp)
        close(tcp)
        close(wakeRead)
        close(wakeWrite)
    }

    private func serve() {
        var entries = [udp, tcp, wakeRead].map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while true {
            let rc = poll(&entries, nfds_t(entries.count), -1)
            if rc < 0 { if errno == EINTR { continue } else { return } }
            if entries[2].revents != 0 { return }
            if entries[0].revents != 0 { serveDatagram() }
            if entries[1].revents != 0 { serveConnection() }
        }
    }

    /// The reply to `query` from `client`, or nil to stay silent (a client outside the network);
    /// `forward` is called instead when the name belongs upstream.
    func reply(to bytes: [UInt8], from client: IPAddress) -> Reply {
        let (zone, rotation) = shared.withLock { state -> (DNSZone, Int) in
            state.rotation &+= 1
            return (state.zone, state.rotation)
        }
        guard zone.subnets.contains(where: { $0.contains(client) }) else { return .drop }
        guard let query = DNSMessage(decoding: bytes), !query.isResponse, let question = query.questions.first else {
            return .drop
        }
        switch zone.answer(question, rotation: rotation) {
        case .records(let records): return .answer(DNSMessage.response(to: query, code: 0, answers: records).encoded())
        case .nameError:
            return .answer(DNSMessage.response(to: query, code: DNSMessage.ResponseCode.nameError).encoded())
        case .forward:
            let failed = DNSMessage.response(to: query, code: DNSMessage.ResponseCode.serverFailure).encoded()
            return .forward(failed)
        }
    }

    /// What to send back.
    enum Reply {
        case drop
        case answer([UInt8])
        /// Ask upstream; the bytes are the SERVFAIL to send when no upstream answers.
        case forward([UInt8])
    }

    private func serveDatagram() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { bytes in
            withUnsafeMutablePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(udp, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT), $0, &length)
                }
            }
        }
        guard count > 0 else { return }
        let query = Array(buffer[0..<count])
        switch reply(to: query, from: InetSocket.address(of: source)) {
        case .drop: return
        case .answer(let bytes): sendDatagram(bytes, to: source)
        case .forward(let failure):
            let upstreams = self.upstreams
            let socketFD = udp
            let client = source
            // Upstream may take seconds: never hold up local answers for it.
            Thread.detachNewThread {
                let bytes = DNSForwarder.ask(upstreams, query) ?? failure
                var target = client
                _ = withUnsafePointer(to: &target) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(socketFD, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
    }

    private func sendDatagram(_ bytes: [UInt8], to client: sockaddr_in) {
        var target = client
        _ = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(udp, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
