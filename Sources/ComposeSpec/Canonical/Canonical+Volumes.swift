extension Canonical {
    static let volumeSyntax = "[SOURCE:]TARGET[:MODE]"

    /// A short mount (`./data:/data:ro,z`) → `{type, source, target, read_only, consistency, bind, volume}`.
    /// Relative sources stay as written: paths are resolved after merging.
    static func volume(_ node: YAMLNode, _ path: ComposePath, _ diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        guard let text = node.scalar else { return node }
        let spec: VolumeSpec
        do throws(ShortSyntaxError) {
            spec = try VolumeSpec.parse(text)
        } catch {
            let message = "invalid volume \"\(text)\": \(error.reason), expected \(volumeSyntax)"
            diagnostics.append(invalid(message, node, path))
            return node
        }
        for option in spec.unknownOptions {
            let message = "unknown volume option \"\(option)\" in \"\(text)\" is ignored"
            diagnostics.append(
                SpecDiagnostic(.invalidValue, message, at: node.location, path: "\(path)", severity: .warning))
        }
        return volumeMapping(spec, at: node.location)
    }

    private static func volumeMapping(_ spec: VolumeSpec, at location: SourceLocation) -> YAMLNode {
        var bind: YAMLNode?
        if spec.hasBindOptions {
            bind = mapping(
                [
                    ("selinux", text(spec.selinux, at: location)),
                    ("propagation", text(spec.propagation, at: location)),
                    ("create_host_path", spec.type == "bind" ? yes(at: location) : nil),
                ], at: location)
        }
        var volume: YAMLNode?
        if spec.hasVolumeOptions {
            volume = mapping([("nocopy", spec.noCopy ? yes(at: location) : nil)], at: location)
        }
        return mapping(
            [
                ("type", .scalar(spec.type, at: location)),
                ("source", text(spec.source, at: location)),
                ("target", text(cleanedPath(spec.target), at: location)),
                ("read_only", spec.readOnly ? yes(at: location) : nil),
                ("consistency", text(spec.consistency, at: location)),
                ("bind", bind),
                ("volume", volume),
            ], at: location)
    }

    /// The shortest path naming the same place, lexically (Go's `path.Clean`): `/a/./b/../c/` → `/a/c`.
    static func cleanedPath(_ path: String) -> String {
        guard !path.isEmpty else { return "" }
        let isRooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part != ".." {
                parts.append(part)
            } else if let last = parts.last, last != ".." {
                parts.removeLast()
            } else if !isRooted {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if isRooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
