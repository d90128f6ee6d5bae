import CLinux
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ContainerStore {
    /// Starts a created or exited container under a detached shim and returns its record.
    @discardableResult
    package func start(_ reference: String) throws -> ContainerRecord {
        var record = try inspect(reference)
        guard record.state.status == .created || record.state.status == .exited else {
            throw EngineError(.invalidSpec, "container \(record.name) is already \(record.state.status.rawValue)")
        }
        let folder = directory(record.id)
        unlink(folder + "/exit.json")
        try StateFiles.makeDirectory(runDirectory(record.id), mode: 0o700)
        // startDetached makes it, while the shim starts.
        let cgroups = try cgroups(of: record)
        var files = ShimFiles(
            stateDirectory: folder, socket: runDirectory(record.id) + "/attach.sock", log: logPath(record.id))
        files.maxSize = record.config.log.maxSize
        files.maxFiles = record.config.log.maxFiles
        files.tty = record.config.tty
        files.openStdin = record.config.openStdin
        do {
            let pids = try runtime.startDetached(record.config.spec, files: files, cgroups: cgroups)
            record.state.pid = pids.pid
            record.state.shimPid = pids.shim
            record.state.shimStartTime = StateFiles.startTime(of: pids.shim)
        } catch {
            cgroups?.remove()
            record.state.error = "\(error)"
            try? save(record)
            throw error
        }
        record.state.status = .running
        record.state.startedAt = formatTimestamp(nowNanoseconds())
        record.state.finishedAt = ""
        record.state.exitCode = 0
        record.state.oomKilled = false
        record.state.stoppedByUser = false
        record.state.error = ""
        try save(record)
        return record
    }

    /// The container's cgroup; nil when its spec runs in the engine's own.
    func cgroups(of record: ContainerRecord) throws -> Cgroups? {
        guard let path = record.config.spec.cgroupPath else { return nil }
        return try Cgroups(root: runtime.cgroupRoot, path: path)
    }

    /// Brings a running record up to date from exit.json and the shim; saves it when it changed.
    func refresh(_ record: ContainerRecord) throws -> ContainerRecord {
        guard record.state.status == .running || record.state.status == .paused else { return record }
        var updated = record
        let exitFile = directory(record.id) + "/exit.json"
        if let exit = try? StateFiles.load(ContainerExit.self, from: exitFile, what: "exit") {
            updated.state.status = .exited
            updated.state.exitCode = exit.exitCode
            updated.state.oomKilled = exit.oomKilled
            updated.state.finishedAt = exit.finishedAt
            updated.state.pid = 0
        } else if !shimAlive(record.state) {
            updated.state.status = .exited
            updated.state.exitCode = 255
            updated.state.finishedAt = formatTimestamp(nowNanoseconds())
            updated.state.error = "the container's shim (pid \(record.state.shimPid)) ended without an exit status"
            updated.state.pid = 0
        } else {
            let frozen = (try? cgroups(of: record))??.isFrozen ?? false
            updated.state.status = frozen ? .paused : .running
        }
        // An ephemeral container's delete follows at once and removes its cgroup.
        if updated.state.status == .exited && record.config.isDurable { try? cgroups(of: record)?.remove() }
        guard updated != record else { return updated }
        return try lock.withLock { _ in
            // Attach and wait notice an exit at the same moment: the second finds it recorded.
            if let current = try? load(record.id), current != record { return current }
            if updated.state.status == .exited && !updated.config.isDurable {
                // An ephemeral container is removed right after its exit: its record.json keeps
                // saying running and this process remembers the exit (any other reader derives it
                // from exit.json the same way). A replacing write costs 0.5 ms here even unsynced.
                records.keep(updated, at: recordPath(record.id))
            } else {
                try writeRecord(updated)
            }
            return updated
        }
    }

    func shimAlive(_ state: ContainerState) -> Bool {
        state.shimPid > 0 && Glibc.kill(state.shimPid, 0) == 0
            && StateFiles.startTime(of: state.shimPid) == state.shimStartTime
    }

    /// Waits until the container exits (returns at once when it is not running) and returns its record.
    @discardableResult
    package func wait(_ reference: String) throws -> ContainerRecord {
        let id = try resolve(reference)
        while true {
            let record = try refresh(load(id))
            guard record.state.status == .running || record.state.status == .paused else { return record }
            waitForShim(record.state, milliseconds: -1)
        }
    }

    /// Blocks until the shim exits or `milliseconds` pass (-1: no limit); true when it exited.
    @discardableResult
    func waitForShim(_ state: ContainerState, milliseconds: Int32) -> Bool {
        let pidfd = clinux_pidfd_open(state.shimPid, 0)
        guard pidfd >= 0 else { return true }
        defer { close(pidfd) }
        guard shimAlive(state) else { return true }
        var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        while true {
            let rc = poll(&entry, 1, milliseconds)
            if rc < 0 && errno == EINTR { continue }
            return rc != 0
        }
    }

    /// Sends the stop signal, then SIGKILL after `timeout` seconds (the container's own by default),
    /// and waits for the exit.
    @discardableResult
    package func stop(_ reference: String, timeout: Int? = nil) throws -> ContainerRecord {
        var record = try inspect(reference)
        guard record.state.status == .running || record.state.status == .paused else { return record }
        record.state.stoppedByUser = true
        try save(record)
        Glibc.kill(record.state.pid, record.config.stopSignal)
        if record.state.status == .paused { try cgroups(of: record)?.freeze(false) }
        let seconds = timeout ?? record.config.stopTimeout
        if !waitForShim(record.state, milliseconds: Int32(clamping: seconds * 1000)) {
            Glibc.kill(record.state.pid, SIGKILL)
        }
        return try wait(record.id)
    }

    /// Sends `signal` to the container's process.
    package func kill(_ reference: String, signal: Int32 = SIGKILL) throws {
        var record = try inspect(reference)
        guard record.state.status == .running || record.state.status == .paused else {
            throw EngineError(.invalidSpec, "container \(record.name) is not running")
        }
        if signal == SIGKILL || signal == record.config.stopSignal {
            record.state.stoppedByUser = true
            try save(record)
        }
        guard Glibc.kill(record.state.pid, signal) == 0 else {
            throw EngineError(
                .systemCall, "cannot signal container \(record.name)",
                cause: SystemCallError(call: "kill", errno: errno))
        }
    }

    /// Freezes every process of the container.
    package func pause(_ reference: String) throws {
        let record = try inspect(reference)
        guard record.state.status == .running, let cgroups = try cgroups(of: record) else {
            throw EngineError(.invalidSpec, "container \(record.name) is not running (or has no cgroup)")
        }
        try cgroups.freeze(true)
        _ = try refresh(record)
    }

    /// Thaws a paused container.
    package func unpause(_ reference: String) throws {
        let record = try inspect(reference)
        guard record.state.status == .paused, let cgroups = try cgroups(of: record) else {
            throw EngineError(.invalidSpec, "container \(record.name) is not paused")
        }
        try cgroups.freeze(false)
        _ = try refresh(record)
    }

    /// Stops (when running) and starts the container again; counts the restart.
    @discardableResult
    package func restart(_ reference: String, timeout: Int? = nil) throws -> ContainerRecord {
        var record = try stop(reference, timeout: timeout)
        record.state.restartCount += 1
        try save(record)
        return try start(record.id)
    }

    /// Removes the container: its cgroup, socket, log and folders. A running one is refused unless
    /// `force`, which kills it first.
    package func delete(_ reference: String, force: Bool = false) throws {
        let record = try inspect(reference)
        if record.state.status == .running || record.state.status == .paused {
            guard force else {
                throw EngineError(
                    .invalidSpec, "container \(record.name) is \(record.state.status.rawValue): stop it or force")
            }
            try? cgroups(of: record)?.freeze(false)
            Glibc.kill(record.state.pid, SIGKILL)
            try wait(record.id)
        }
        // The shim writes exit.json just before it ends (a durable container's shim removes its socket first).
        if shimAlive(record.state) { awaitExit(of: record.state.shimPid) }
        let cgroups = try cgroups(of: record)
        let runFolder = runDirectory(record.id)
        if removesInBackground && !record.config.isDurable {
            // An ephemeral container's cgroup (left at its exit) and socket folder (its shim leaves
            // the socket) go after the answer: about 1 ms of rmdirs that the removal waited for.
            BackgroundRemoval.shared.perform {
                cgroups?.remove()
                StateFiles.remove(runFolder)
            }
        } else {
            cgroups?.remove()
            StateFiles.remove(runFolder)
        }
        removeFolder(of: record.id)
        records.forget(directory(record.id) + "/record.json")
        release(name: record.name, id: record.id)
    }

    /// Removes the container's folder: at once from its place, by rename into root/trash, and its
    /// files (about 20 unlinks and rmdirs, 2-3 ms on ext4 here) after the caller has its answer.
    private func removeFolder(of id: String) {
        let trash = root + "/trash/" + id
        guard removesInBackground, Glibc.rename(directory(id), trash) == 0 else {
            StateFiles.remove(directory(id))
            return
        }
        BackgroundRemoval.shared.remove(trash)
    }
}
