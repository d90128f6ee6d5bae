import Foundation
import Testing

/// A berth daemon of the test's own: state, run folder and socket in a temporary folder, networks
/// from a /24 of its own, bridges and iptables chains under prefixes of its own, the busybox base
/// image imported. `close()` ends it by its pid and removes what it left (the default network, netns
/// mounts, its iptables chains, folders).
final class DaemonFixture {
    let folder: String
    let socket: String
    let berth: URL
    /// This daemon's iptables chain prefix (berth-chain-prefix).
    let chainPrefix: String
    private var daemon = Process()
    private let arguments: [String]

    /// Starts the daemon; `arguments` are added to its command line (more listeners, TLS files...).
    init(arguments: [String] = []) throws {
        folder = "/tmp/berth-e2e-\(UUID().uuidString.prefix(8))"
        socket = folder + "/berth.sock"
        berth = Self.executable
        let files = FileManager.default
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // 10.220-250: clear of the NetworkFixture pools (10.64-191) and the benchmark's (10.213-216).
        let pool = "10.\(Int.random(in: 220...250)).\(Int.random(in: 0...255)).0/24"
        let tag = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        chainPrefix = "E2E" + tag.uppercased()
        // ip-forward stays as the host has it: other tests rely on it being off.
        let config = """
            {"default-address-pools": [{"base": "\(pool)", "size": 26}], "ip-forward": false,
             "berth-bridge-prefix": "e\(tag)-", "berth-chain-prefix": "\(chainPrefix)"}
            """
        try config.write(toFile: folder + "/daemon.json", atomically: true, encoding: .utf8)
        let image = try Self.run(
            "/bin/bash", [Self.repository + "/samples/make-base-image.sh"],
            environment: ["BERTH": berth.path, "BERTH_ROOT": folder + "/root"])
        try #require(image.status == 0, "make-base-image.sh failed: \(image.error)")
        self.arguments = arguments
        _ = Self.touch(folder + "/daemon.log")
        try launch()
    }

    /// Starts the daemon process on the fixture's folders and waits until it answers.
    func launch() throws {
        daemon = Process()
        daemon.executableURL = berth
        daemon.arguments =
            [
                "daemon", "--config-file", folder + "/daemon.json", "-H", "unix://" + socket, "--data-root",
                folder + "/root", "--exec-root", folder + "/run",
            ] + arguments
        daemon.standardOutput = FileHandle.nullDevice
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/daemon.log"))
        log.seekToEndOfFile()
        daemon.standardError = log
        try daemon.run()
        for _ in 0..<200 where !answers { usleep(25_000) }
        try #require(answers, "the daemon did not start: \(self.log)")
    }

    /// Whether the daemon answers `GET /_ping` on the socket.
    var answers: Bool {
        let ping = try? Self.run(
            "/usr/bin/curl", ["-s", "--max-time", "1", "--unix-socket", socket, "http://berth/_ping"])
        return ping?.output == "OK"
    }

    /// SIGKILLs the daemon (by its pid) and reaps it; its containers are left to their shims.
    func killDaemon() {
        kill(daemon.processIdentifier, SIGKILL)
        daemon.waitUntilExit()
    }

    var log: String { (try? String(contentsOfFile: folder + "/daemon.log", encoding: .utf8)) ?? "" }

    /// Runs `berth ARGS` against this daemon.
    /// `input`, when given, is its standard input (else /dev/null).
    func berth(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:], input: Data? = nil
    ) throws -> (status: Int32, output: String, error: String) {
        try Self.run(
            berth.path, arguments, environment: environment.merging(["BERTH_HOST": "unix://" + socket]) { $1 },
            directory: directory, input: input)
    }

    /// `berth ARGS` against this daemon as a process not yet started, its output dropped (for a
    /// test that signals or kills the client while it runs).
    func berthProcess(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = berth
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["BERTH_HOST": "unix://" + socket]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    /// Runs the docker CLI against this daemon.
    func docker(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        try Self.run("/usr/bin/env", ["docker"] + arguments, environment: ["DOCKER_HOST": "unix://" + socket])
    }

    func close() {
        if daemon.isRunning {
            let all = (try? docker(["ps", "-aq"]))?.output.split(separator: "\n").map(String.init) ?? []
            if !all.isEmpty { _ = try? docker(["rm", "-f"] + all) }
        }
        _ = try? docker(["network", "rm", "bridge"])
        daemon.terminate()
        daemon.waitUntilExit()
        // The daemon's shared netns folder can be mounted more than once (a relaunched daemon, mounts
        // propagated back): unmount until umount fails, or the folder cannot be removed.
        for _ in 0..<8 {
            guard (try? Self.run("/bin/umount", ["-R", "-l", folder + "/run/netns"]))?.status == 0 else { break }
        }
        removeChains()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Deletes the jumps to this daemon's chains, then the chains (only names with its prefix).
    private func removeChains() {
        for table in ["nat", "filter"] {
            guard let rules = try? Self.run("/usr/sbin/iptables", ["-t", table, "-S"]) else { continue }
            let lines = rules.output.split(separator: "\n").map(String.init)
            for line in lines where line.hasPrefix("-A ") && line.contains("-j \(chainPrefix)-") {
                let rule = line.dropFirst(3).split(separator: " ").map(String.init)
                guard let chain = rule.first, !chain.hasPrefix(chainPrefix + "-") else { continue }
                _ = try? Self.run("/usr/sbin/iptables", ["-t", table, "-D"] + rule)
            }
            let chains = lines.filter { $0.hasPrefix("-N \(chainPrefix)-") }.map { String($0.dropFirst(3)) }
            for chain in chains { _ = try? Self.run("/usr/sbin/iptables", ["-t", table, "-F", chain]) }
            for chain in chains { _ = try? Self.run("/usr/sbin/iptables", ["-t", table, "-X", chain]) }
        }
    }

    static func run(
        _ path: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
        input: Data? = nil
    ) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            // Written from a thread of its own: a child that reads slowly must not block our reads.
            Thread.detachNewThread {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    private static func touch(_ path: String) -> String {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return path
    }

    /// The `berth` executable beside the test bundle.
    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("berth").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("berth")
    }

    /// The repository (samples live there), found upwards from the test bundle.
    static var repository: String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
            folder.path != "/"
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.path
    }
}
