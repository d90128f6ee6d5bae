import Glibc

/// The user the process runs as, resolved after pivot_root in the container's own /etc/passwd and
/// /etc/group (never the host's).
struct Identity {
    var uid: UInt32 = 0
    var gid: UInt32 = 0
    var groups: [UInt32] = []
    var home = "/"

    /// `user` nil is root (uid 0, with its home and groups from the files when they list it).
    init(user: String?, additional: [String]) throws(InitFailure) {
        let passwd = Self.entries("/etc/passwd")
        let groupFile = Self.entries("/etc/group")
        var name: String?
        do {
            let user = user ?? "0"
            let parts = user.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let userPart = parts[0]
            if let number = UInt32(userPart) {
                uid = number
                let entry = passwd.first { $0.count > 3 && $0[2] == userPart }
                gid = entry.flatMap { UInt32($0[3]) } ?? 0
                home = entry.map { $0.count > 5 ? $0[5] : "/" } ?? "/"
                name = entry?[0]
            } else {
                guard let entry = passwd.first(where: { $0.count > 3 && $0[0] == userPart }),
                    let number = UInt32(entry[2]), let group = UInt32(entry[3])
                else { throw InitFailure("user \(userPart): no such user in the container's /etc/passwd") }
                uid = number
                gid = group
                home = entry.count > 5 ? entry[5] : "/"
                name = userPart
            }
            if parts.count == 2 { gid = try Self.group(parts[1], in: groupFile) }
        }
        if let name {
            groups = groupFile.compactMap { entry in
                guard entry.count > 3, entry[3].split(separator: ",").contains(Substring(name)) else { return nil }
                return UInt32(entry[2])
            }
        }
        for group in additional { groups.append(try Self.group(group, in: groupFile)) }
    }

    /// setgroups, setgid, setuid (as root: real, effective and saved ids). Leaving uid 0 clears the
    /// permitted and effective capabilities, as Docker's non-root users have none.
    func apply() throws(InitFailure) {
        try groups.withUnsafeBufferPointer { buffer throws(InitFailure) in
            try check(setgroups(buffer.count, buffer.baseAddress), "setgroups", "\(groups)")
        }
        try check(setgid(gid), "setgid", String(gid))
        try check(setuid(uid), "setuid", String(uid))
    }

    /// A group by number, or by name in the container's /etc/group.
    private static func group(_ text: String, in file: [[String]]) throws(InitFailure) -> UInt32 {
        if let number = UInt32(text) { return number }
        guard let entry = file.first(where: { $0.count > 2 && $0[0] == text }), let number = UInt32(entry[2]) else {
            throw InitFailure("group \(text): no such group in the container's /etc/group")
        }
        return number
    }

    /// The colon-separated fields of each line, without comments.
    private static func entries(_ path: String) -> [[String]] {
        (readFile(path) ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
