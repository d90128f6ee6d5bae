import CLinux
import Foundation
import Synchronization

/// The containers of one engine: records on disk under `root` (default /var/lib/berth), shim
/// sockets under `runRoot` (default /run/berth). Synchronous and thread-safe; several processes
/// may use the same folders (every record write is atomic, names are reserved with symlinks).
package final class ContainerStore: Sendable {
    /// The state folder; containers live in root/containers/ID.
    package let root: String
    /// The run folder; shim sockets live in runRoot/ID.
    package let runRoot: String
    package let runtime: ContainerRuntime
    /// Serialises record updates within this process.
    let lock = Mutex(())
    /// Decoded record.json files, re-read when one changes.
    let records = DecodedFileCache<ContainerRecord>()
    /// `delete` moves a container's folder into root/trash and empties it on `BackgroundRemoval`'s
    /// thread, and creates take folders made ahead in root/pool (a long-lived daemon;
    /// `removeDebris` empties what one left). Else it removes and makes them in place.
    let removesInBackground: Bool
    /// Folders made ahead for creates (see ContainerStore+Pool.swift).
    let readyFolders = Mutex<[String]>([])

    /// Opens (and makes) the folders.
    package init(
        root: String = "/var/lib/berth", runRoot: String = "/run/berth", runtime: ContainerRuntime,
        removesInBackground: Bool = false
    ) throws {
        self.root = root
        self.runRoot = runRoot
        self.runtime = runtime
        self.removesInBackground = removesInBackground
        try StateFiles.makeDirectory(root + "/containers", mode: 0o700)
        // Each container's files then go to a block group of their own. ext4 does not reuse an inode
        // for 30 s after its removal, and without a journal (as here) it checks every such inode
        // it meets while allocating: with every container in one group, a burst of run --rm got
        // slower with each container (a fifth of the daemon's time went to that scan).
        _ = clinux_mark_top_directory(root + "/containers")
        try StateFiles.makeDirectory(root + "/trash", mode: 0o700)
        try StateFiles.makeDirectory(root + "/names", mode: 0o700)
        try StateFiles.makeDirectory(runRoot, mode: 0o700)
        openPool()
    }

    /// The folder of container `id`.
    package func directory(_ id: String) -> String { root + "/containers/" + id }
    /// The folder of container `id`'s socket: named by 16 hex digits, as a UNIX socket path has
    /// at most 107 bytes.
    package func runDirectory(_ id: String) -> String { runRoot + "/" + id.prefix(16) }
    /// The json-file log of container `id`.
    package func logPath(_ id: String) -> String { directory(id) + "/container-json.log" }

    /// Creates a container: its folder, record, config.json, /etc files and overlay folders. The
    /// name is reserved first; on failure nothing stays.
    package func create(_ config: ContainerConfig) throws -> ContainerRecord {
        try config.validate()
        let id = Self.makeID()
        let name = config.name.isEmpty ? "berth_" + id.prefix(12) : config.name
        // The folder and its creator mark come before the name, so a name never points at a container
        // that nobody is making (see `reserve`).
        if config.layers.isEmpty || !takePooledFolder(for: id) {
            try StateFiles.makeDirectory(directory(id), mode: 0o700)
        }
        do {
            try markCreator(of: id, ephemeral: !config.isDurable)
            try reserve(name: name, id: id)
        } catch {
            StateFiles.remove(directory(id))
            throw error
        }
        do {
            var record = ContainerRecord(id: id, name: name, created: formatTimestamp(nowNanoseconds()), config: config)
            record.config.name = name
            try prepareFiles(&record)
            try save(record)
            // record.json is the commit point: the folder's entries (it and the files before it)
            // become durable together.
            if record.config.isDurable { StateFiles.syncFolder(directory(id)) }
            return record
        } catch {
            StateFiles.remove(directory(id))
            release(name: name, id: id)
            throw error
        }
    }

    /// Every container, oldest first, with its state brought up to date.
    package func list() -> [ContainerRecord] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: root + "/containers")) ?? []
        return ids.compactMap { try? refresh(load($0)) }.sorted { $0.created < $1.created }
    }

    /// The container named by full id, unique id prefix or name, with its state brought up to date.
    package func inspect(_ reference: String) throws -> ContainerRecord {
        try refresh(load(try resolve(reference)))
    }

    /// Whether container `id` (a full id) still has its folder.
    package func exists(_ id: String) -> Bool { access(directory(id), F_OK) == 0 }

    /// Resolves a name, an id or a unique id prefix to the id.
    package func resolve(_ reference: String) throws -> String {
        // A full id first, as dockerd: one access() instead of a name lookup and a folder listing.
        if reference.utf8.count == 64, reference.utf8.allSatisfy(Self.isLowercaseHex),
            access(directory(reference), F_OK) == 0
        {
            return reference
        }
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/names/" + reference) {
            return target
        }
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: root + "/containers")) ?? []
        let matches = reference.isEmpty ? [] : ids.filter { $0.hasPrefix(reference) }
        guard matches.count == 1, let id = matches.first else {
            let problem = matches.isEmpty ? "no such container" : "more than one container matches"
            throw EngineError(.notFound, "container \"\(reference)\": \(problem)")
        }
        return id
    }

    func load(_ id: String) throws -> ContainerRecord {
        let path = recordPath(id)
        let record = try records.value(at: path) { data in
            do {
                return try JSONDecoder().decode(ContainerRecord.self, from: data)
            } catch {
                throw EngineError(.invalidSpec, "container \(id): \(path) is not valid: \(error)")
            }
        }
        guard let record else { throw EngineError(.notFound, "container \(id): \(path) does not exist") }
        return record
    }

    /// Writes record.json (replacing it, or new in `create`, which syncs the folder itself).
    func save(_ record: ContainerRecord) throws {
        try lock.withLock { _ in try writeRecord(record) }
    }

    /// `save` with the lock held. The cache keeps what was written: the next load decodes nothing
    /// (about 0.3 ms per record).
    func writeRecord(_ record: ContainerRecord) throws {
        let path = recordPath(record.id)
        let written = try StateFiles.save(record, to: path, syncingFolder: false, durable: record.config.isDurable)
        records.keep(record, at: path, written: written)
    }

    func recordPath(_ id: String) -> String { directory(id) + "/record.json" }

    /// 64 lowercase hex digits from 256 random bits, drawn as four words (not 32 single bytes).
    static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        let words = (0..<4).map { _ in generator.next() as UInt64 }
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for word in words {
            for shift in stride(from: 60, through: 0, by: -4) { text.append(digits[Int((word >> UInt64(shift)) & 15)]) }
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func isLowercaseHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

extension ContainerConfig {
    /// Checks what create can check without running anything; errors name the field.
    func validate() throws {
        guard !spec.args.isEmpty else { throw EngineError(.invalidSpec, "container \(name): no command given") }
        guard stopTimeout >= 0 else {
            throw EngineError(.invalidSpec, "container \(name): stop_grace_period must not be negative")
        }
        for name in spec.capabilities ?? [] where Capabilities.number(of: name) == nil {
            throw EngineError(.invalidSpec, "capabilities: unknown capability \"\(name)\"")
        }
        try spec.resources.validate()
        _ = try InitMessage.encode(spec)
        for namespace in spec.joinNamespaces.keys where spec.namespaces.contains(namespace) {
            throw EngineError(.invalidSpec, "namespace \(namespace.rawValue) is both new and joined")
        }
    }
}
