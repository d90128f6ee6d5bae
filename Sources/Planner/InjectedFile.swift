import Foundation

/// A config or secret that is copied into a container before it starts, rather than bound from the
/// host: one with inline `content`, one from the `environment`, or a file one whose reference sets
/// `uid`, `gid` or `mode` (a bind mount cannot change a file's owner or mode; Docker Compose ignores
/// them there, berth honours them by copying).
package struct InjectedFile: Sendable, Equatable {
    /// Where it goes in the container (absolute).
    package var target: String
    /// What it holds.
    package var source: Source
    /// Its owner and group in the container.
    package var uid: UInt32
    package var gid: UInt32
    /// Its permission bits; Docker's default for configs and secrets is 0444.
    package var mode: UInt32

    /// Where the bytes come from.
    package enum Source: Sendable, Equatable {
        /// The content itself (inline, or the environment variable's value).
        case content(String)
        /// A host file, read when the action runs.
        case file(String)
    }

    /// Creates a file to inject.
    package init(target: String, source: Source, uid: UInt32 = 0, gid: UInt32 = 0, mode: UInt32 = 0o444) {
        self.target = target
        self.source = source
        self.uid = uid
        self.gid = gid
        self.mode = mode
    }

    /// The bytes to write.
    func bytes() throws(PlannerError) -> [UInt8] {
        switch source {
        case .content(let text):
            return Array(text.utf8)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PlannerError(.engine, "\(target): cannot read \(path)")
            }
            return Array(data)
        }
    }

    /// An uncompressed ustar archive of `files`, paths relative to `/` (the engine creates missing
    /// parent folders). Long paths use ustar's prefix field; a name that fits neither is refused.
    static func tar(_ files: [InjectedFile]) throws(PlannerError) -> [UInt8] {
        var archive: [UInt8] = []
        for file in files {
            let content = try file.bytes()
            archive += try header(for: file, size: content.count)
            archive += content
            archive += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
        }
        return archive + [UInt8](repeating: 0, count: 1024)
    }

    private static func header(for file: InjectedFile, size: Int) throws(PlannerError) -> [UInt8] {
        let path = String(file.target.drop { $0 == "/" })
        var (prefix, name) = ("", path)
        if path.utf8.count > 100 {
            guard let cut = path.lastIndex(of: "/"), path[..<cut].utf8.count <= 155, path[cut...].utf8.count <= 101
            else { throw PlannerError(.invalidProject, "\(file.target): path too long for the copy") }
            (prefix, name) = (String(path[..<cut]), String(path[path.index(after: cut)...]))
        }
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int, at offset: Int) {
            put(
                String(repeating: "0", count: max(0, width - 1 - String(value, radix: 8).count))
                    + String(value, radix: 8), at: offset)
        }
        put(name, at: 0)
        octal(Int(file.mode & 0o7777), width: 8, at: 100)
        octal(Int(file.uid), width: 8, at: 108)
        octal(Int(file.gid), width: 8, at: 116)
        octal(size, width: 12, at: 124)
        octal(Int(Date().timeIntervalSince1970), width: 12, at: 136)
        block[156] = UInt8(ascii: "0")
        put("ustar", at: 257)
        put("00", at: 263)
        put(prefix, at: 345)
        // The checksum is summed with its own field as spaces.
        put("        ", at: 148)
        let sum = block.reduce(0) { $0 + Int($1) }
        octal(sum, width: 7, at: 148)
        block[154] = 0
        return block
    }
}
