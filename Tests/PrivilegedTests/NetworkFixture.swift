import BerthNetwork
import Foundation
import Testing

/// A per-test world: temp state and run roots, unique bridge/veth/chain names, a unique /16 pool,
/// and a NetworkManager over them. `close()` removes everything it made, also after failures.
final class NetworkFixture {
    let prefix: String
    let root: String
    let manager: NetworkManager
    let pool: Subnet
    private var namespaces: [String] = []
    private var processes: [Process] = []

    init() throws {
        prefix = "bt" + String(UInt32.random(in: 0...0xFFFF), radix: 16).leftPad(4)
        root = NSTemporaryDirectory() + "berth-net-\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "nameserver 127.0.0.1\n".write(toFile: "\(root)/resolv.conf", atomically: true, encoding: .utf8)
        // 10.x.0.0/16 with x in 64-191 (chosen at random; tests check that nothing else routes it).
        pool = try Subnet(parsing: "10.\(Int.random(in: 64...191)).0.0/16")
        var options = NetworkManager.Options()
        options.bridgePrefix = "\(prefix)b"
        options.vethPrefix = "\(prefix)v"
        options.chains = FirewallChains(prefix: prefix.uppercased())
        options.pools = [AddressPool(base: pool, size: 24)]
        options.enableIPForward = false
        options.hostResolvConf = "\(root)/resolv.conf"
        manager = try NetworkManager(stateRoot: "\(root)/state", runRoot: "\(root)/run", options: options)
    }

    /// A subnet of the test's pool: 10.x.`third`.0/24.
    func subnet(_ third: Int) -> String {
        let octets = pool.address.description.split(separator: ".")
        return "10.\(octets[1]).\(third).0/24"
    }

    /// A new namespace for container `id` (removed by `close`).
    func namespace(_ name: String) throws -> (id: String, path: String) {
        let id = "\(prefix)\(name)" + String(repeating: "0", count: 8)
        namespaces.append(id)
        return (id, try manager.createNamespace(containerID: id))
    }

    /// Runs busybox `arguments` in the namespace and returns its exit status and output.
    @discardableResult
    func run(in path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = try start(in: path, arguments)
        finish(process, within: 10)
        let data = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs busybox `arguments` on the host (for loopback clients).
    func runOnHost(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-s", "KILL", "15", "/bin/busybox"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        var empty = sigset_t()
        var saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        try process.run()
        pthread_sigmask(SIG_SETMASK, &saved, nil)
        finish(process, within: 10)
        return (
            process.terminationStatus, String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        )
    }

    /// The `-A` rules of one chain (`iptables -S`).
    func rules(table: String, chain: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/iptables")
        process.arguments = ["-w", "-t", table, "-S", chain]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("-A")
        }
    }

    /// Waits for `process`, killing it (by pid) after `seconds`.
    func finish(_ process: Process, within seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Writes a file in the test's folder and returns its path.
    func writeFile(_ name: String, _ text: String) throws -> String {
        let path = "\(root)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs busybox `arguments` in the namespace and in a private mount namespace whose
    /// /etc/resolv.conf is `resolvConf` (names then resolve through the embedded DNS server).
    @discardableResult
    func runWithResolvConf(in path: String, _ resolvConf: String, _ arguments: [String]) throws -> (
        status: Int32, output: String
    ) {
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        let script = "mount --bind \(resolvConf) /etc/resolv.conf && exec /bin/busybox \(quoted)"
        return try run(
            in: path, ["sh", "-c", "exec /usr/bin/unshare -m --propagation private /bin/sh -c \"\(script)\""])
    }

    /// Starts busybox `arguments` in the namespace (ended by pid in `close`).
    func start(in path: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        // coreutils timeout kills its whole process group, so no busybox child outlives the test.
        process.arguments = ["--net=\(path)", "/usr/bin/timeout", "-s", "KILL", "15", "/bin/busybox"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        // The test thread blocks most signals and the child would inherit that mask (then `ping -w`
        // and `timeout` never fire): spawn with an empty mask and restore ours afterwards.
        var empty = sigset_t()
        var saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try process.run()
        processes.append(process)
        return process
    }

    /// Ends processes (by pid), removes networks, namespaces, chains and the temp folder.
    func close() {
        for process in processes where process.isRunning {
            // SIGTERM reaches `timeout`, which passes it to its whole process group.
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
        for id in namespaces {
            try? manager.unpublish(containerID: id)
            for endpoint in manager.endpoints(containerID: id) {
                try? manager.disconnect(containerID: id, network: endpoint.networkID)
            }
            manager.removeNamespace(containerID: id)
        }
        for record in manager.list() { try? manager.remove(record.id) }
        manager.shutdown()
        manager.firewall.uninstall()
        umount2("\(root)/run/netns", Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Interfaces on the host whose names start with the test's prefix.
    func leftoverInterfaces() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter { $0.hasPrefix(prefix) }
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

/// Runs `body` with a fresh fixture and always closes it.
func withNetworkFixture(_ body: (NetworkFixture) throws -> Void) throws {
    let fixture = try NetworkFixture()
    defer { fixture.close() }
    try body(fixture)
}
