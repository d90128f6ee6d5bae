import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A process to run in a running container (`docker exec`).
package struct ExecOptions: Sendable, Equatable {
    package var args: [String]
    /// Added to (and overriding) the container's environment.
    package var env: [String] = []
    /// `user[:group]`; nil keeps the container's.
    package var user: String?
    /// nil keeps the container's working directory.
    package var workingDirectory: String?
    /// Every capability, no seccomp, no no_new_privs.
    package var privileged = false

    /// Runs `args`.
    package init(args: [String]) {
        self.args = args
    }
}

extension ContainerStore {
    /// Runs a process in the running container (its namespaces, cgroup and confinement) with `stdio`
    /// and returns its exit status (127 when the command is not found).
    package func exec(_ reference: String, _ options: ExecOptions, stdio: (Int32, Int32, Int32) = (0, 1, 2)) throws
        -> Int32
    {
        let (spec, record) = try execSpec(reference, options)
        return try runtime.exec(spec, in: record.state.pid, cgroups: try cgroups(of: record), stdio: stdio)
    }

    /// Runs a process in the running container with a terminal of the container's own devpts, `size`
    /// (rows, columns) from the start: `terminal` gets its pty master once the process runs (see
    /// `ContainerRuntime.exec(_:in:cgroups:size:terminal:)`); returns the exit status.
    package func exec(
        _ reference: String, _ options: ExecOptions, size: (rows: UInt16, columns: UInt16)? = nil,
        terminal: (Int32) -> Void
    ) throws -> Int32 {
        let (spec, record) = try execSpec(reference, options)
        let cgroups = try cgroups(of: record)
        return try runtime.exec(spec, in: record.state.pid, cgroups: cgroups, size: size, terminal: terminal)
    }

    /// The container's spec with the exec's command, environment, user, directory and privileges.
    private func execSpec(_ reference: String, _ options: ExecOptions) throws -> (ContainerSpec, ContainerRecord) {
        let record = try inspect(reference)
        guard record.state.status == .running else {
            throw EngineError(.invalidSpec, "container \(record.name) is not running")
        }
        guard !options.args.isEmpty else { throw EngineError(.invalidSpec, "exec in \(record.name): no command given") }
        var spec = record.config.spec
        spec.args = options.args
        let names = Set(options.env.map { $0.split(separator: "=", maxSplits: 1).first ?? "" })
        spec.env = spec.env.filter { !names.contains($0.split(separator: "=", maxSplits: 1).first ?? "") } + options.env
        if let user = options.user { spec.user = user }
        if let cwd = options.workingDirectory { spec.cwd = cwd }
        if options.privileged { spec.makePrivileged() }
        return (spec, record)
    }

    /// The container's processes as `ps` shows them: header PID PPID CMD, then one row each (host pids).
    package func top(_ reference: String) throws -> [[String]] {
        let record = try inspect(reference)
        guard record.state.status == .running || record.state.status == .paused, let cgroups = try cgroups(of: record)
        else { throw EngineError(.invalidSpec, "container \(record.name) is not running") }
        var rows = [["PID", "PPID", "CMD"]]
        for pid in cgroups.pids.sorted() {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
            let parent = fields.count > 1 ? String(fields[1]) : "?"
            let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            let command = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            rows.append([String(pid), parent, command])
        }
        return rows
    }

    /// The container's cgroup counters.
    package func stats(_ reference: String) throws -> CgroupStats {
        let record = try inspect(reference)
        guard record.state.status == .running || record.state.status == .paused, let cgroups = try cgroups(of: record)
        else { throw EngineError(.invalidSpec, "container \(record.name) is not running") }
        return cgroups.stats()
    }

    /// The container's log entries that `query` selects.
    package func logs(_ reference: String, query: LogQuery = LogQuery()) throws -> [LogEntry] {
        let record = try inspect(reference)
        return ContainerLog.read(logPath(record.id), maxFiles: record.config.log.maxFiles, query: query)
    }

    /// Calls `body` with the entries `query` selects, then with new ones as they come, until the container
    /// exits or `body` returns false.
    package func followLogs(_ reference: String, query: LogQuery = LogQuery(), _ body: (LogEntry) -> Bool) throws {
        var seen = 0
        var query = query
        var record = try inspect(reference)
        while true {
            let running = record.state.status == .running || record.state.status == .paused
            let entries = ContainerLog.read(logPath(record.id), maxFiles: record.config.log.maxFiles, query: query)
            for entry in entries.dropFirst(seen) where !body(entry) { return }
            seen = entries.count
            // After the first round the tail is in; rotation may reorder counts, so follow by time.
            if query.tail != nil, let last = entries.last?.nanoseconds {
                query.tail = nil
                query.since = last + 1
                seen = 0
            }
            guard running else { return }
            waitForShim(record.state, milliseconds: 200)
            record = try inspect(record.id)
        }
    }
}
