import Foundation

/// Container names: `root/names/NAME`, a symlink to the id, made with symlink(2) so that two creates
/// of one name, in one process or two, cannot both win.
extension ContainerStore {
    /// Reserves `name` for `id`. A name left by a create that was killed half-way (its container has no
    /// record and its creator is gone) is taken over, so a daemon SIGKILLed during creates leaves no
    /// name blocked.
    func reserve(name: String, id: String) throws {
        guard Self.isValidName(name) else {
            throw EngineError(.invalidSpec, "container name \"\(name)\" must match [a-zA-Z0-9][a-zA-Z0-9_.-]*")
        }
        let path = root + "/names/" + name
        try lock.withLock { _ in
            if symlink(id, path) == 0 { return }
            if errno == EEXIST, let holder = try? FileManager.default.destinationOfSymbolicLink(atPath: path),
                isAbandoned(holder)
            {
                StateFiles.remove(directory(holder))
                unlink(path)
                if symlink(id, path) == 0 { return }
            }
            if errno == EEXIST { throw EngineError(.invalidSpec, "container name \"\(name)\" is already in use") }
            throw EngineError(
                .systemCall, "cannot reserve name \(name)", cause: SystemCallError(call: "symlink", errno: errno))
        }
    }

    /// Docker's rule for container names, `[a-zA-Z0-9][a-zA-Z0-9_.-]*` (checked by hand: Foundation's
    /// regular expression took 0.1 ms of each create).
    package static func isValidName(_ name: String) -> Bool {
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = name.utf8.first, isAlphanumeric(first) else { return false }
        return name.utf8.dropFirst().allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }

    /// Frees `name` while it still names `id` (it may have been taken over since).
    func release(name: String, id: String) {
        let path = root + "/names/" + name
        lock.withLock { _ in
            guard (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == id else { return }
            unlink(path)
        }
    }

    /// Records who is making container `id` (pid and start time), until its record exists; `ephemeral`
    /// marks a container whose files are not synced (see `removeDebris`).
    func markCreator(of id: String, ephemeral: Bool) throws {
        let pid = getpid()
        let mark = Array("\(pid) \(StateFiles.startTime(of: pid))\(ephemeral ? " ephemeral" : "")".utf8)
        // Not synced: the mark matters only while its process lives, so never after a power loss.
        let path = directory(id) + "/creator"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        let written = fd >= 0 ? mark.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } : -1
        let code = errno
        if fd >= 0 { close(fd) }
        guard written == mark.count else {
            throw EngineError(
                .systemCall, "container \(id): cannot write its creator mark",
                cause: SystemCallError(call: "write", errno: code, path: path))
        }
    }

    /// A container with no record whose creator is not running any more (or that has no folder at all).
    private func isAbandoned(_ id: String) -> Bool {
        let folder = directory(id)
        if access(folder + "/record.json", F_OK) == 0 { return false }
        guard let mark = try? String(contentsOfFile: folder + "/creator", encoding: .utf8) else {
            // No mark: a folder from before marks existed, or none at all.
            return access(folder, F_OK) != 0
        }
        return !Self.creatorLives(mark)
    }

    /// Whether the creator a mark names (`PID START [ephemeral]`) still runs; false for a mark that
    /// is not whole.
    private static func creatorLives(_ mark: String) -> Bool {
        let fields = mark.split(separator: " ")
        guard fields.count == 2 || fields.count == 3, let pid = Int32(fields[0]), let started = UInt64(fields[1])
        else { return false }
        return Glibc.kill(pid, 0) == 0 && StateFiles.startTime(of: pid) == started
    }

    /// Removes what a killed create or a power loss left: container folders without a readable
    /// record whose creator is gone, folders left in root/trash, then names that point at no
    /// folder. Returns the ids of the containers removed.
    /// An ephemeral container's files are never synced, so after a power loss its record may be
    /// empty; a durable container's record is synced before its create returns, so a durable
    /// folder with an unreadable record (its mark whole and not ephemeral) is damage, and is kept.
    package func removeDebris() -> [String] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: root + "/containers")) ?? []
        var removed: [String] = []
        for id in ids where (try? load(id)) == nil {
            let folder = directory(id)
            let mark = (try? String(contentsOfFile: folder + "/creator", encoding: .utf8)) ?? ""
            if Self.creatorLives(mark) { continue }
            let fields = mark.split(separator: " ")
            let durable = fields.count == 2 && Int32(fields[0]) != nil && UInt64(fields[1]) != nil
            if durable && access(folder + "/record.json", F_OK) == 0 { continue }
            StateFiles.remove(folder)
            records.forget(folder + "/record.json")
            removed.append(id)
        }
        // Folders of deleted containers a daemon did not finish emptying.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: root + "/trash")) ?? [] {
            StateFiles.remove(root + "/trash/" + entry)
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/names")) ?? []
        for name in names {
            let path = root + "/names/" + name
            guard let id = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { continue }
            if access(directory(id), F_OK) != 0 { lock.withLock { _ in _ = unlink(path) } }
        }
        return removed
    }

}
