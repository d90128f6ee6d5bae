import Foundation

/// Path arithmetic for compose files: relative paths are resolved against a base folder, `~` against HOME.
package enum PathResolver {
    package static func join(_ base: String, _ relative: String) -> String {
        if relative.isEmpty { return base }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }

    /// `relative` made absolute against `base` and cleaned (`.` and `..` removed); `~` uses `home`.
    package static func absolute(_ path: String, relativeTo base: String, home: String? = nil) -> String {
        var path = path
        if let home, path == "~" || path.hasPrefix("~/") {
            path = home + path.dropFirst()
        }
        let joined = path.hasPrefix("/") ? path : join(base, path)
        return clean(joined)
    }

    /// Removes `.`, `..` and repeated slashes, as Go's filepath.Clean does for absolute paths.
    package static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        let body = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + body : (body.isEmpty ? "." : body)
    }

    package static func directory(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path
    }

    package static func baseName(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }

    /// True when a bind source or context is meant as a local path rather than a name or URL.
    package static func isLocalPath(_ text: String) -> Bool {
        text.hasPrefix("/") || text.hasPrefix(".") || text.hasPrefix("~")
    }
}
