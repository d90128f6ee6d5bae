import CArchive
import Foundation

/// Writes an uncompressed POSIX (pax) tar with libarchive: files copied from disk and small in-memory entries.
final class TarWriter {
    private let archive: OpaquePointer
    private let path: String
    private var folders = Set<String>()

    init(path: String) throws(ImageError) {
        guard let archive = archive_write_new() else { throw ImageError(.io, "archive \(path): cannot allocate") }
        self.archive = archive
        self.path = path
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_in_last_block(archive, 1)
        guard archive_write_open_filename(archive, path) == ARCHIVE_OK else { throw failure("cannot create") }
    }

    deinit { archive_write_free(archive) }

    /// Adds `name` with the given bytes.
    func add(_ name: String, bytes: some DataProtocol) throws(ImageError) {
        try addParents(of: name)
        let data = Array(bytes)
        try header(name, type: S_IFREG, size: Int64(data.count))
        let written = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        guard written == data.count else { throw failure("cannot write \(name)") }
    }

    /// Adds `name` with the content of the file at `source`.
    func add(_ name: String, file source: String) throws(ImageError) {
        try addParents(of: name)
        var info = stat()
        guard stat(source, &info) == 0, let input = fopen(source, "rb") else {
            throw ImageError(.io, "archive \(path): cannot read \(source)")
        }
        defer { fclose(input) }
        try header(name, type: S_IFREG, size: Int64(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, input) }
            if count == 0 { break }
            let written = buffer.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, count) }
            guard written == count else { throw failure("cannot write \(name)") }
        }
    }

    /// Finishes the archive (writes the end marker and closes the file).
    func close() throws(ImageError) {
        guard archive_write_close(archive) == ARCHIVE_OK else { throw failure("cannot finish") }
    }

    private func addParents(of name: String) throws(ImageError) {
        var parts = name.split(separator: "/").dropLast().map(String.init)
        var prefixes: [String] = []
        while !parts.isEmpty {
            prefixes.append(parts.joined(separator: "/"))
            parts.removeLast()
        }
        for folder in prefixes.reversed() where !folders.contains(folder) {
            folders.insert(folder)
            try header(folder, type: S_IFDIR, size: 0)
        }
    }

    private func header(_ name: String, type: mode_t, size: Int64) throws(ImageError) {
        guard let entry = archive_entry_new() else { throw failure("cannot allocate an entry") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_filetype(entry, UInt32(type))
        archive_entry_set_perm(entry, type == S_IFDIR ? 0o755 : 0o644)
        archive_entry_set_size(entry, size)
        archive_entry_set_mtime(entry, 0, 0)
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure("cannot write \(name)") }
    }

    private func failure(_ what: String) -> ImageError {
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
        return ImageError(.io, "archive \(path): \(what): \(detail)")
    }
}
