import EngineAPI
import Foundation
import Synchronization

/// Local volumes: a folder `<root>/volumes/<name>/_data` and a `volume.json` beside it, written
/// atomically, so a volume either exists completely or not at all after a crash.
package final class VolumeStore: Sendable {
    private let root: String
    private let lock = Mutex(())

    /// Keeps volumes under `root` (the daemon's `<data-root>/volumes`).
    package init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(
            atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Creates `name` (a random 64-hex name when empty); an existing volume with the same name is
    /// returned unchanged, as dockerd does. Only the `local` driver exists.
    package func create(
        name: String, driver: String = "local", options: [String: String] = [:], labels: [String: String] = [:]
    ) throws -> Volume {
        let volumeName = name.isEmpty ? Self.randomName() : name
        try Self.validate(name: volumeName, driver: driver, options: options)
        return try lock.withLock { _ in
            if let existing = try? load(volumeName) { return existing }
            let folder = root + "/" + volumeName
            let files = FileManager.default
            try files.createDirectory(atPath: folder + "/_data", withIntermediateDirectories: true)
            var volume = Volume(name: volumeName, driver: driver, labels: labels)
            volume.mountpoint = folder + "/_data"
            volume.createdAt = ISO8601DateFormatter().string(from: Date())
            volume.options = options
            volume.scope = "local"
            do {
                try AtomicFile.write(try JSONEncoder().encode(volume), to: folder + "/volume.json")
            } catch {
                try? files.removeItem(atPath: folder)
                throw error
            }
            return volume
        }
    }

    /// Where volume `name`'s data lives (whether or not it exists yet).
    package func mountpoint(of name: String) -> String {
        root + "/" + name + "/_data"
    }

    /// The volume called `name`; a 404 when there is none.
    package func inspect(_ name: String) throws -> Volume {
        guard let volume = try? load(name) else { throw APIError.notFound("get \(name): no such volume") }
        return volume
    }

    /// Every volume, by name.
    package func list() -> [Volume] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { try? load($0) }
    }

    /// Removes `name` and its data; `inUseBy` names the containers that still mount it (a 409 unless
    /// `force`, as with dockerd, which refuses even then: so does berth).
    package func remove(_ name: String, inUseBy users: [String]) throws {
        try lock.withLock { _ in
            guard (try? load(name)) != nil else { throw APIError.notFound("get \(name): no such volume") }
            guard users.isEmpty else {
                throw APIError.conflict(
                    "remove \(name): volume is in use - [\(users.joined(separator: ", "))]")
            }
            // The metadata goes first: a crash in the middle leaves no half-volume that looks whole.
            let folder = root + "/" + name
            try FileManager.default.removeItem(atPath: folder + "/volume.json")
            try FileManager.default.removeItem(atPath: folder)
        }
    }

    private func load(_ name: String) throws -> Volume {
        guard Self.isValidName(name), let data = FileManager.default.contents(atPath: root + "/\(name)/volume.json")
        else {
            throw APIError.notFound("get \(name): no such volume")
        }
        return try JSONDecoder().decode(Volume.self, from: data)
    }

    private static func validate(name: String, driver: String, options: [String: String]) throws {
        guard isValidName(name) else {
            throw APIError.badRequest(
                "create \(name): \"\(name)\" includes invalid characters for a local volume name, only "
                    + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed")
        }
        guard driver == "local" else {
            throw APIError.badRequest("create \(name): Driver: volume driver \"\(driver)\" is not available")
        }
        for key in options.keys where !["type", "device", "o"].contains(key) {
            throw APIError.badRequest("create \(name): DriverOpts: invalid option key: \"\(key)\"")
        }
    }

    /// Docker's rule for local volume names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count >= 2, let first = bytes.first, isAlphanumeric(first) else { return false }
        return bytes.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func randomName() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
