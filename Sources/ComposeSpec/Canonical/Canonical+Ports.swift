extension Canonical {
    static let portSyntax = "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"

    /// Every short port (`"127.0.0.1:8000-8001:80-81/udp"`, `3000`) → one mapping per container port with
    /// `mode`, `host_ip`, `target`, `published` and `protocol`; long entries get `mode: ingress` and
    /// `protocol: tcp` when they leave them out, so entries compare equal however they were written.
    static func ports(_ node: YAMLNode, _ path: ComposePath, _ diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        guard let items = node.items else { return node }
        var result: [YAMLNode] = []
        for (index, item) in items.enumerated() {
            guard let text = item.scalar else {
                result.append(item.entries == nil ? item : portDefaults(item))
                continue
            }
            do throws(ShortSyntaxError) {
                result += try PortSpec.parse(text).map { portMapping($0, at: item.location) }
            } catch {
                let message = "invalid port \"\(text)\": \(error.reason), expected \(portSyntax)"
                diagnostics.append(invalid(message, item, path.appending(index: index)))
                result.append(item)
            }
        }
        return YAMLNode(.sequence(result), at: node.location)
    }

    private static func portMapping(_ port: PortSpec, at location: SourceLocation) -> YAMLNode {
        mapping(
            [
                ("mode", .scalar("ingress", at: location)),
                ("host_ip", text(port.hostIP, at: location)),
                ("target", .scalar(String(port.target), at: location)),
                ("published", port.published.isEmpty ? nil : quoted(port.published, at: location)),
                ("protocol", .scalar(port.protocol, at: location)),
            ], at: location)
    }

    private static func portDefaults(_ node: YAMLNode) -> YAMLNode {
        var node = node
        if node["mode"] == nil { node["mode"] = .scalar("ingress", at: node.location) }
        if node["protocol"] == nil { node["protocol"] = .scalar("tcp", at: node.location) }
        return node
    }
}
