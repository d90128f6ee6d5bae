/// The container as container-init receives it over fd 3 (see README.md for the protocol).
struct InitSpec {
    /// A mount from the spec's mounts list, already translated into mount(2) arguments.
    struct Mount {
        var type: String
        var source: String
        var destination: String
        var flags: UInt
        var data: String
    }

    var root = ""
    var overlay: (lower: String, upper: String, work: String)?
    var readonlyRoot = false
    var newNetwork = false
    var hostname: String?
    var args: [String] = []
    var env: [String] = []
    var cwd = "/"
    var mounts: [Mount] = []
    var masked: [String] = []
    var readonly: [String] = []

    /// Decodes the NUL-terminated token stream.
    init(bytes: [UInt8]) throws(InitFailure) {
        var tokens = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if tokens.last == "" { tokens.removeLast() }
        var index = 0
        func next(_ key: String) throws(InitFailure) -> String {
            guard index < tokens.count else { throw InitFailure("spec: record \(key) is truncated") }
            defer { index += 1 }
            return tokens[index]
        }
        while index < tokens.count {
            let key = tokens[index]
            index += 1
            switch key {
            case "root": root = try next(key)
            case "overlay":
                let lower = try next(key)
                let upper = try next(key)
                let work = try next(key)
                overlay = (lower, upper, work)
                root = try next(key)
            case "readonly-root": readonlyRoot = true
            case "newnet": newNetwork = true
            case "hostname": hostname = try next(key)
            case "arg": args.append(try next(key))
            case "env": env.append(try next(key))
            case "cwd": cwd = try next(key)
            case "mount":
                let type = try next(key)
                let source = try next(key)
                let destination = try next(key)
                guard let flags = UInt(try next(key)) else {
                    throw InitFailure("spec: mount \(destination): bad flags")
                }
                mounts.append(
                    Mount(type: type, source: source, destination: destination, flags: flags, data: try next(key)))
            case "mask": masked.append(try next(key))
            case "readonly": readonly.append(try next(key))
            default: throw InitFailure("spec: unknown record \"\(key)\"")
            }
        }
        guard root.hasPrefix("/") else { throw InitFailure("spec: root must be an absolute path") }
        guard !args.isEmpty else { throw InitFailure("spec: no process arguments") }
    }
}

/// A setup failure: reported to the engine over fd 3, then container-init exits 125.
struct InitFailure: Error {
    var message: String

    init(_ message: String) { self.message = message }
}
