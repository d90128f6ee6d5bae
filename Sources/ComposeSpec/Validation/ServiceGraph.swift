/// The dependency graph between services: explicit `depends_on` plus the implicit edges of `links`,
/// `network_mode`/`ipc`/`pid: service:x` and `volumes_from`.
package enum ServiceGraph {
    /// The services `service` needs, explicit and implicit, in first-mention order without repeats.
    package static func dependencies(of service: YAMLNode) -> [String] {
        var names = service["depends_on"]?.entries?.map(\.key) ?? []
        names += implicitDependencies(of: service).map(\.name)
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// Dependencies that other attributes imply, each with the attribute that implies it.
    package static func implicitDependencies(of service: YAMLNode) -> [(name: String, attribute: String)] {
        var result: [(String, String)] = []
        for link in service["links"]?.items?.compactMap(\.scalar) ?? [] {
            result.append((String(link.split(separator: ":", maxSplits: 1).first ?? ""), "links"))
        }
        for attribute in ["network_mode", "ipc", "pid"] {
            if let value = service[attribute]?.scalar, value.hasPrefix("service:") {
                result.append((String(value.dropFirst("service:".count)), attribute))
            }
        }
        for source in service["volumes_from"]?.items?.compactMap(\.scalar) ?? [] where !source.hasPrefix("container:") {
            result.append((String(source.split(separator: ":").first ?? ""), "volumes_from"))
        }
        return result.filter { !$0.0.isEmpty }
    }

    /// The first dependency cycle found, as the list of services along it (first repeated at the end).
    package static func cycle(in services: [YAMLNode.Entry]) -> [String]? {
        let edges = Dictionary(services.map { ($0.key, dependencies(of: $0.value)) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Bool] = [:]  // false: on the current path, true: finished
        var path: [String] = []

        func visit(_ name: String) -> [String]? {
            if state[name] == true { return nil }
            if state[name] == false {
                let start = path.firstIndex(of: name) ?? 0
                return Array(path[start...]) + [name]
            }
            state[name] = false
            path.append(name)
            for next in edges[name] ?? [] where edges[next] != nil {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            state[name] = true
            return nil
        }

        for name in services.map(\.key).sorted() {
            if let found = visit(name) { return found }
        }
        return nil
    }
}
