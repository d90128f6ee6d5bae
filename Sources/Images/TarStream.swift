import CArchive
import Crypto
import Foundation

/// Reads a (possibly gzip or zstd compressed) tar file entry by entry while hashing its uncompressed bytes, so a
/// layer's diff ID is checked in the same pass that unpacks it. An outer libarchive reader decompresses the file as
/// raw data; the inner tar reader pulls its input from the outer one through a read callback.
final class TarStream {
    private let outer: OpaquePointer
    let archive: OpaquePointer
    private let buffer: UnsafeMutableRawPointer
    private let bufferSize = 1 << 18
    private var hasher = SHA256()
    private(set) var uncompressedSize: Int64 = 0
    let path: String

    init(path: String) throws(ImageError) {
        self.path = path
        guard let outer = archive_read_new(), let inner = archive_read_new() else {
            throw ImageError(.io, "file \(path): cannot allocate an archive reader")
        }
        self.outer = outer
        self.archive = inner
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 16)
        archive_read_support_filter_all(outer)
        archive_read_support_format_raw(outer)
        archive_read_support_format_tar(inner)
        var header: OpaquePointer?
        guard archive_read_open_filename(outer, path, 1 << 18) == ARCHIVE_OK,
            archive_read_next_header(outer, &header) == ARCHIVE_OK
        else { throw error(outer, "cannot open") }
        let context = Unmanaged.passUnretained(self).toOpaque()
        let opened = archive_read_open(
            inner, context, nil,
            { _, context, output in
                guard let context, let output else { return -1 }
                let stream = Unmanaged<TarStream>.fromOpaque(context).takeUnretainedValue()
                return stream.pull(output)
            }, nil)
        guard opened == ARCHIVE_OK else { throw error(inner, "not a tar archive") }
    }

    deinit {
        archive_read_free(archive)
        archive_read_free(outer)
        buffer.deallocate()
    }

    private func pull(_ output: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        let count = archive_read_data(outer, buffer, bufferSize)
        guard count > 0 else { return count }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: count))
        uncompressedSize += Int64(count)
        output.pointee = UnsafeRawPointer(buffer)
        return count
    }

    /// The next entry, or nil at the end of the archive.
    func next() throws(ImageError) -> OpaquePointer? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status >= ARCHIVE_WARN, let entry else { throw error(archive, "cannot read the next entry") }
        return entry
    }

    /// Reads what is left after the tar's end marker (padding counts in the diff ID) and returns the digest.
    func finish() throws(ImageError) -> (ImageDigest, Int64) {
        var output: UnsafeRawPointer?
        while true {
            let count = pull(&output)
            if count == 0 { break }
            if count < 0 { throw error(outer, "cannot read to the end") }
        }
        return (ImageDigest(hasher: hasher), uncompressedSize)
    }

    func error(_ which: OpaquePointer, _ what: String) -> ImageError {
        let detail = archive_error_string(which).map { String(cString: $0) } ?? "unknown error"
        return ImageError(.invalidContent, "archive \(path): \(what): \(detail)")
    }
}
