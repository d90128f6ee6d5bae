/// A Docker Engine API version (`1.44`), parsed from a request path's `/v1.44/` prefix.
package struct APIVersion: Sendable, Comparable, CustomStringConvertible {
    package var major: Int
    package var minor: Int

    /// The newest version berth speaks; clients asking for more are refused as dockerd does.
    package static let current = APIVersion(major: 1, minor: 44)
    /// The oldest version berth accepts (what dockerd 25 accepts).
    package static let minimum = APIVersion(major: 1, minor: 24)

    /// Makes `major.minor`.
    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `1.44`; nil when it is not two dot-separated numbers.
    package init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    package var description: String { "\(major).\(minor)" }

    package static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// Strips a `/vX.Y` prefix from `path`; returns the version asked for (or `current`) and the rest.
    /// A version outside the supported range is a 400, with dockerd's wording.
    static func strip(from path: String) throws -> (APIVersion, String) {
        guard path.hasPrefix("/v"), let slash = path.dropFirst(2).firstIndex(of: "/") else {
            return (.current, path)
        }
        let text = path[path.index(path.startIndex, offsetBy: 2)..<slash]
        guard let version = APIVersion(text) else { return (.current, path) }
        if version > .current {
            throw APIError.badRequest(
                "client version \(version) is too new. Maximum supported API version is \(APIVersion.current)")
        }
        if version < .minimum {
            throw APIError.badRequest(
                "client version \(version) is too old. Minimum supported API version is \(APIVersion.minimum), "
                    + "please upgrade your client to a newer version")
        }
        return (version, String(path[slash...]))
    }
}
