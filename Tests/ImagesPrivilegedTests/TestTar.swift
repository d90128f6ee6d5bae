import CArchive
import Foundation
import Testing

/// Builds tar files entry by entry with libarchive, including hostile names the tar tool would refuse.
final class TestTar {
    enum Kind {
        case file(String, mode: mode_t = 0o644)
        case folder(mode: mode_t = 0o755)
        case symlink(String)
        case hardLink(String)
        case charDevice(major: UInt32, minor: UInt32)
    }

    private var entries: [(String, Kind)] = []

    /// Adds an entry.
    @discardableResult
    func add(_ name: String, _ kind: Kind) -> TestTar {
        entries.append((name, kind))
        return self
    }

    /// Writes the tar (gzip-compressed when asked) to `path`.
    func write(to path: String, gzip: Bool = false) throws {
        let archive = try #require(archive_write_new())
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        if gzip { archive_write_add_filter_gzip(archive) }
        try #require(archive_write_open_filename(archive, path) == ARCHIVE_OK)
        for (name, kind) in entries {
            let entry = try #require(archive_entry_new())
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, name)
            archive_entry_set_mtime(entry, 1_700_000_000, 0)
            var data: [UInt8] = []
            switch kind {
            case .file(let text, let mode):
                data = Array(text.utf8)
                archive_entry_set_filetype(entry, UInt32(0o100000))
                archive_entry_set_perm(entry, mode)
                archive_entry_set_size(entry, Int64(data.count))
            case .folder(let mode):
                archive_entry_set_filetype(entry, UInt32(0o040000))
                archive_entry_set_perm(entry, mode)
            case .symlink(let target):
                archive_entry_set_filetype(entry, UInt32(0o120000))
                archive_entry_set_symlink(entry, target)
                archive_entry_set_perm(entry, 0o777)
            case .hardLink(let target):
                archive_entry_set_filetype(entry, UInt32(0o100000))
                archive_entry_set_hardlink(entry, target)
                archive_entry_set_perm(entry, 0o644)
            case .charDevice(let major, let minor):
                archive_entry_set_filetype(entry, UInt32(0o020000))
                archive_entry_set_rdevmajor(entry, dev_t(major))
                archive_entry_set_rdevminor(entry, dev_t(minor))
                archive_entry_set_perm(entry, 0o666)
            }
            try #require(archive_write_header(archive, entry) == ARCHIVE_OK, "header \(name)")
            if !data.isEmpty {
                _ = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            }
        }
        try #require(archive_write_close(archive) == ARCHIVE_OK)
    }
}

/// A temporary folder removed at the end of the scope.
struct TempFolder {
    let path: String

    static func with<T>(_ body: (TempFolder) throws -> T) throws -> T {
        let path = "/tmp/berth-images-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(TempFolder(path: path))
    }

    static func with<T>(_ body: (TempFolder) async throws -> T) async throws -> T {
        let path = "/tmp/berth-images-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(TempFolder(path: path))
    }

    /// Every path under `sub` (relative), sorted.
    func tree(_ sub: String = "") -> [String] {
        let base = sub.isEmpty ? path : path + "/" + sub
        let items = FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? []
        return items.sorted()
    }
}
