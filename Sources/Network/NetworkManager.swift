import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Owns berth's networks: bridges, IPAM, endpoints, published ports, firewall rules and the
/// embedded DNS servers. Methods are synchronous and block the calling thread on kernel work:
/// call them from dedicated threads, never from Swift concurrency's cooperative pool.
package final class NetworkManager: Sendable {
    /// Where state.json lives.
    package let stateRoot: String
    /// Where namespace files live (`runRoot/netns/<container ID>`).
    package let runRoot: String
    /// The settings.
    package let options: Options
    /// The firewall, with `options.chains`.
    package let firewall: Firewall

    let state: Mutex<NetworkState>
    let dnsServers = Mutex<[String: DNSServer]>([:])
    /// Sockets holding published host ports, by container ID (closed on unpublish).
    let reservations = Mutex<[String: [PortReservation]]>([:])

    /// Loads the persisted state, installs berth's firewall chains and starts the DNS servers of
    /// known networks.
    package init(
        stateRoot: String = "/var/lib/berth/network", runRoot: String = "/run/berth", options: Options = Options()
    ) throws(NetworkError) {
        self.stateRoot = stateRoot
        self.runRoot = runRoot
        self.options = options
        firewall = Firewall(chains: options.chains)
        do {
            try FileManager.default.createDirectory(atPath: stateRoot, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: "\(runRoot)/netns", withIntermediateDirectories: true)
        } catch {
            throw NetworkError(.systemCall, "cannot create \(stateRoot) or \(runRoot)/netns", cause: error)
        }
        state = Mutex(try NetworkState.load(from: "\(stateRoot)/state.json"))
        try firewall.install()
        restoreNetworks()
        for record in state.withLock({ Array($0.networks.values) }) {
            try? startDNS(for: record)
        }
    }

    /// Stops the DNS servers and releases port reservations (the daemon is exiting). Networks,
    /// rules and state stay.
    package func shutdown() {
        for server in dnsServers.withLock({ servers in
            defer { servers = [:] }; return Array(servers.values)
        }) {
            server.stop()
        }
        for held in reservations.withLock({ all in
            defer { all = [:] }; return Array(all.values)
        }) {
            held.forEach { close($0.fd) }
        }
    }

    /// Runs `body` on the state under the lock and persists the result when it returns normally.
    func mutate<T: Sendable>(_ body: (inout NetworkState) throws(NetworkError) -> T) throws(NetworkError) -> T {
        let path = "\(stateRoot)/state.json"
        let result = state.withLock { current -> Result<T, NetworkError> in
            var copy = current
            do {
                let value = try body(&copy)
                // Releasing a container without networks changes nothing: no fsync'd write.
                if copy != current { try copy.save(to: path) }
                current = copy
                return .success(value)
            } catch let error as NetworkError {
                return .failure(error)
            } catch {
                return .failure(NetworkError(.systemCall, "unexpected error", cause: error))
            }
        }
        return try result.get()
    }

    /// Every network, sorted by name.
    package func list() -> [NetworkRecord] {
        state.withLock { Array($0.networks.values) }.sorted { $0.name < $1.name }
    }

    /// The network named (or with ID or ID prefix) `reference`.
    package func inspect(_ reference: String) throws(NetworkError) -> NetworkRecord {
        guard let record = state.withLock({ $0.network(reference) }) else {
            throw NetworkError(.notFound, "network \(reference) not found")
        }
        return record
    }

    /// Random lower-case hex digits.
    static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &generator) ?? "0" })
    }

    /// Writes `value` to a /proc/sys file.
    static func writeSysctl(_ path: String, _ value: String) throws(NetworkError) {
        do {
            try value.write(toFile: path, atomically: false, encoding: .utf8)
        } catch {
            throw NetworkError(.systemCall, "cannot write \(path)", cause: error)
        }
    }
}
