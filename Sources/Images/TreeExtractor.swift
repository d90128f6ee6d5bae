import CArchive
import CImages
import Foundation

/// Extracts a tar (plain, gzip, bzip2, xz or zstd), read piece by piece from a source, into a folder
/// under a root folder: `docker cp` into a container. Entries are written the way layers are
/// (`EntryWriter`): parents opened with RESOLVE_IN_ROOT, so neither `..` nor a symlink in the
/// container or in the archive can place a file outside the root.
package final class TreeExtractor {
    /// Gives the next bytes of the archive; nil at its end.
    package typealias Source = () throws -> [UInt8]?

    private let archive: OpaquePointer
    private let source: Source
    /// Holds the piece libarchive reads until the next pull (it keeps the pointer until then).
    private var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    private var sourceError: (any Error)?

    /// An extractor reading from `source`.
    package init(source: @escaping Source) throws(ImageError) {
        guard let archive = archive_read_new() else { throw ImageError(.io, "tar: cannot allocate a reader") }
        self.archive = archive
        self.source = source
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
    }

    deinit {
        archive_read_free(archive)
        buffer.deallocate()
    }

    private func pull(_ output: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        var chunk: [UInt8] = []
        do {
            repeat {
                guard let next = try source() else { return 0 }
                chunk = next
            } while chunk.isEmpty
        } catch {
            sourceError = error
            return -1
        }
        if chunk.count > buffer.count {
            buffer.deallocate()
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk.count, alignment: 16)
        }
        buffer.copyBytes(from: chunk)
        output.pointee = UnsafeRawPointer(buffer.baseAddress)
        return chunk.count
    }

    /// Extracts every entry into `folder` (which must exist) under `root`. `ownership` applies the
    /// entries' uid/gid (else files belong to the daemon's user, root); `keepKinds` refuses to
    /// replace a folder with a non-folder or the reverse.
    /// `ownerMap` shifts owners into a container's user namespace (see `UnpackPolicy.ownerMap`).
    package func extract(
        into folder: String, in root: Int32, ownership: Bool, keepKinds: Bool, ownerMap: OwnerMap? = nil
    ) throws(ImageError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let opened = archive_read_open(
            archive, context, nil,
            { _, context, output in
                guard let context, let output else { return -1 }
                return Unmanaged<TreeExtractor>.fromOpaque(context).takeUnretainedValue().pull(output)
            }, nil)
        guard opened == ARCHIVE_OK else { throw failure("not a tar archive") }
        var policy = UnpackPolicy(allowDeviceNodes: geteuid() == 0, applyOwnership: ownership, overlayWhiteouts: false)
        policy.ownerMap = ownerMap
        var writer = EntryWriter(root: root, policy: policy, archive: archive)
        writer.base = folder.split(separator: "/").map(String.init).filter { $0 != "." }
        writer.keepsKinds = keepKinds
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { return }
            guard status >= ARCHIVE_WARN, let entry else { throw failure("cannot read the next entry") }
            try writer.write(entry)
        }
    }

    private func failure(_ what: String) -> ImageError {
        if let sourceError { return ImageError(.io, "tar: \(what)", cause: sourceError) }
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
        return ImageError(.invalidContent, "tar: \(what): \(detail)")
    }
}
