#if canImport(Glibc)
    import Glibc
#endif

/// Reads a whole regular file with open(2) and read(2) (RuntimeCore does without Foundation).
package func readFileBytes(_ path: String) throws(SystemCallError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw SystemCallError(call: "open", errno: errno, path: path) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    // Sized to the file (procfs files say 0: a page), not a fixed 64 KiB to clear for every read of
    // a small state file.
    var info = stat()
    let size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    var chunk = [UInt8](repeating: 0, count: min(max(size + 1, 4096), 65536))
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { throw SystemCallError(call: "read", errno: errno, path: path) }
        if count == 0 { return bytes }
        bytes += chunk[..<count]
    }
}
