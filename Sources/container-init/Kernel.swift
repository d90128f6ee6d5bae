import Glibc

/// mount(2) flags (linux/mount.h), spelled once so no Glibc import quirk leaks into the logic.
enum MountFlag {
    static let readonly: UInt = 1
    static let nosuid: UInt = 2
    static let nodev: UInt = 4
    static let noexec: UInt = 8
    static let remount: UInt = 32
    static let bind: UInt = 4096
    static let recursive: UInt = 16384
    static let privatePropagation: UInt = 1 << 18
    static let slave: UInt = 1 << 19
    static let shared: UInt = 1 << 20
    static let strictatime: UInt = 1 << 24
}

/// Calls mount(2) and names the target (or `naming`, when the target is a /proc/self/fd path) on failure.
func mountOrFail(
    _ source: String?, _ target: String, _ type: String?, _ flags: UInt, _ data: String = "", naming: String? = nil
) throws(InitFailure) {
    let rc = data.withCString { options in
        mount(source, target, type, flags, data.isEmpty ? nil : options)
    }
    if rc != 0 {
        throw InitFailure("mount \(type ?? source ?? "") on \(naming ?? target): \(errorText(errno))")
    }
}

/// Throws an `InitFailure` naming `call` and `path` when `rc` is -1.
func check(_ rc: Int32, _ call: String, _ path: String) throws(InitFailure) {
    if rc == -1 { throw InitFailure("\(call) \(path): \(errorText(errno))") }
}

/// strerror as a Swift string.
func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}

/// Whether `path` is a directory; nil when it does not exist.
func isDirectory(_ path: String) -> Bool? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return (info.st_mode & S_IFMT) == S_IFDIR
}

/// Writes `text` to fd 2.
func writeError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.append(10)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Writes `text` to an existing file (a /proc/sys entry).
func writeFile(_ path: String, _ text: String, what: String) throws(InitFailure) {
    let fd = open(path, O_WRONLY | O_CLOEXEC | O_TRUNC)
    guard fd >= 0 else { throw InitFailure("\(what): \(errorText(errno))") }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    if count != bytes.count { throw InitFailure("\(what) = \(text): \(errorText(errno))") }
}

/// The whole file, or nil when it cannot be opened.
func readFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        bytes += chunk[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
