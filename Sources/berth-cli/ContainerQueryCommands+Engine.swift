import APIClient
import ArgumentParser
import EngineAPI
import Foundation

/// `ls`, `inspect`, `logs`, `exec`, `top` and `stats` as clients of the engine's API.
extension ContainerListCommand {
    func runThroughEngine() async throws {
        let containers = try await reportingEngineErrors {
            try await engine.client().listContainers(ContainerListOptions(all: all))
        }
        if quiet { return containers.forEach { print($0.id.prefix(12)) } }
        let now = Int64(Date().timeIntervalSince1970)
        let header = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
        let rows = [header] + containers.map { Self.row($0, now: now) }
        print(NetworkTable.render(rows), terminator: "")
    }

    /// One line of the table.
    static func row(_ container: ContainerSummary, now: Int64) -> [String] {
        let age = ContainerAge.text(seconds: now - (container.created ?? now))
        let names = (container.names ?? []).map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
        return [
            String(container.id.prefix(12)), container.image ?? "", quoted(container.command ?? ""), age,
            container.status ?? "", ports(container.ports ?? []), names.joined(separator: ","),
        ]
    }

    /// The command in quotes, cut at 20 characters as `docker ps` shows it.
    static func quoted(_ command: String) -> String {
        let shown = command.count > 20 ? String(command.prefix(19)) + "…" : command
        return "\"\(shown)\""
    }

    /// `0.0.0.0:8080->80/tcp, 53/udp`.
    static func ports(_ ports: [EngineAPI.Port]) -> String {
        let sorted = ports.sorted { left, right in
            guard left.privatePort == right.privatePort else { return left.privatePort < right.privatePort }
            return (left.publicPort ?? 0) < (right.publicPort ?? 0)
        }
        return sorted.map(portText).joined(separator: ", ")
    }

    private static func portText(_ port: EngineAPI.Port) -> String {
        let container = "\(port.privatePort)/\(port.type)"
        guard let published = port.publicPort else { return container }
        let address: String = port.ip ?? "0.0.0.0"
        return "\(address):\(published)->" + container
    }
}

/// How long ago, as `docker ps` says it (`5 seconds ago`, `2 hours ago`).
enum ContainerAge {
    static func text(seconds: Int64) -> String {
        let units: [(Int64, String)] = [(86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")]
        for (size, name) in units where seconds >= size {
            let count = seconds / size
            return "\(count) \(name)\(count == 1 ? "" : "s") ago"
        }
        return "Less than a second ago"
    }
}

extension ContainerInspectCommand {
    /// The engine's JSON of each container, as one array (docker's shape); missing ones are reported.
    func runThroughEngine() async throws {
        let client = try await reportingEngineErrors { try engine.client() }
        var objects: [Any] = []
        var failure: ExitCode?
        do {
            try await forEachContainer(containers) { reference in
                objects.append(
                    try JSONSerialization.jsonObject(with: Data(try await client.inspectContainerJSON(reference))))
            }
        } catch let exit as ExitCode {
            failure = exit
        }
        let data = try JSONSerialization.data(
            withJSONObject: objects, options: [.prettyPrinted, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
        if let failure { throw failure }
    }
}

extension ContainerLogsCommand {
    func runThroughEngine() async throws {
        var options = EngineAPI.LogOptions(follow: follow, timestamps: timestamps, tail: tail == "all" ? nil : tail)
        options.since = try since.map { Self.seconds(nanoseconds: try time($0)) }
        options.until = try until.map { Self.seconds(nanoseconds: try time($0)) }
        try await reportingEngineErrors {
            for try await line in try engine.client().containerLogs(container, options: options) {
                let handle = line.stream == .stderr ? FileHandle.standardError : FileHandle.standardOutput
                let stamp = line.timestamp.map { $0 + " " } ?? ""
                handle.write(Data((stamp + line.line + "\n").utf8))
            }
        }
    }

    /// Unix seconds with nine decimals, as the API takes them.
    static func seconds(nanoseconds: Int64) -> String {
        String(format: "%d.%09d", nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000)
    }
}

extension ContainerExecCommand {
    /// Create, start (output copied as it comes; stdin with `-i`), then the exit code from inspect.
    func runThroughEngine() async throws {
        var request = ExecCreateRequest(cmd: command)
        request.env = env.isEmpty ? nil : env
        request.user = user
        request.workingDir = workdir
        request.privileged = privileged ? true : nil
        request.tty = tty
        request.attachStdin = interactive
        request.attachStdout = true
        request.attachStderr = true
        let code = try await reportingEngineErrors {
            let client = try engine.client()
            let id = try await client.createExec(container, request).id
            let input = interactive ? StandardInput.stream() : nil
            try await EngineCalls.copyOutput(of: client.startExec(id, ExecStartRequest(tty: tty), input: input))
            return try await client.inspectExec(id).exitCode ?? 0
        }
        throw ExitCode(Int32(truncatingIfNeeded: code))
    }
}

extension ContainerTopCommand {
    func runThroughEngine() async throws {
        let top = try await reportingEngineErrors { try await engine.client().topContainer(container, psArgs: nil) }
        print(NetworkTable.render([top.titles] + top.processes), terminator: "")
    }
}

extension ContainerStatsCommand {
    /// One sample per container (`--no-stream` is the only mode).
    func runThroughEngine() async throws {
        let client = try await reportingEngineErrors { try engine.client() }
        var rows = [["CONTAINER", "MEM USAGE", "MEM LIMIT", "CPU NS", "PIDS"]]
        var failure: ExitCode?
        do {
            try await forEachContainer(containers) { reference in
                let sample = try JSONDecoder().decode(
                    StatsSample.self, from: Data(try await client.containerStatsJSON(reference)))
                rows.append([
                    reference, String(sample.memory_stats?.usage ?? 0), String(sample.memory_stats?.limit ?? 0),
                    String(sample.cpu_stats?.cpu_usage?.total_usage ?? 0), String(sample.pids_stats?.current ?? 0),
                ])
            }
        } catch let exit as ExitCode {
            failure = exit
        }
        print(NetworkTable.render(rows), terminator: "")
        if let failure { throw failure }
    }
}

/// The parts of Docker's stats body the table shows (the wire's snake_case names).
private struct StatsSample: Decodable {
    struct Memory: Decodable {
        var usage: Int64?
        var limit: Int64?
    }
    struct CPU: Decodable {
        struct Usage: Decodable { var total_usage: Int64? }
        var cpu_usage: Usage?
    }
    struct Pids: Decodable { var current: Int64? }
    var memory_stats: Memory?
    var cpu_stats: CPU?
    var pids_stats: Pids?
}
