extension Canonical {
    /// Why a short syntax string could not be read: the clause after `invalid port "x": ` (or volume).
    struct ShortSyntaxError: Error, Sendable, Equatable {
        let reason: String

        init(_ reason: String) {
            self.reason = reason
        }
    }

    /// One port of the short `ports` syntax `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, read as
    /// compose-go reads it (through Docker's port parser): a container range gives one port per number, and a
    /// host range for a single container port stays a range (`"8000-9000:80"` → published `8000-9000`).
    struct PortSpec: Sendable, Equatable {
        var hostIP: String
        var target: Int
        /// Empty when no host port is given.
        var published: String
        var `protocol`: String

        static func parse(_ text: String) throws(ShortSyntaxError) -> [PortSpec] {
            let (address, host, container) = split(text)
            let (containerPorts, proto) = splitProtocol(container)
            guard !containerPorts.isEmpty else { throw ShortSyntaxError("no container port") }
            guard ["tcp", "udp", "sctp"].contains(proto) else {
                throw ShortSyntaxError("unknown protocol \"\(proto)\", expected tcp, udp or sctp")
            }
            let hostIP = try parseHostIP(address)
            let targets = try range(containerPorts, role: "container port")
            let published = host.isEmpty ? nil : try range(host, role: "host port")
            if let published, targets.count > 1, published.count != targets.count {
                throw ShortSyntaxError(
                    "host port range \(host) and container port range \(containerPorts) differ in size")
            }
            return targets.enumerated().map { offset, target in
                var publishedText = ""
                if let published {
                    publishedText =
                        targets.count == 1 && published.count > 1
                        ? "\(published.lowerBound)-\(published.upperBound)" : "\(published.lowerBound + offset)"
                }
                return PortSpec(hostIP: hostIP, target: target, published: publishedText, protocol: proto)
            }
        }

        /// `a:b:c` is IP, host port, container port; more colons belong to an IPv6 address (`::1:80:80`).
        private static func split(_ text: String) -> (address: String, host: String, container: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            switch parts.count {
            case 1: return ("", "", parts[0])
            case 2: return ("", parts[0], parts[1])
            default:
                let count = parts.count
                return (parts[..<(count - 2)].joined(separator: ":"), parts[count - 2], parts[count - 1])
            }
        }

        private static func splitProtocol(_ text: String) -> (ports: String, protocol: String) {
            guard let slash = text.firstIndex(of: "/") else { return (text, "tcp") }
            let proto = text[text.index(after: slash)...].lowercased()
            return (String(text[..<slash]), proto.isEmpty ? "tcp" : proto)
        }

        private static func parseHostIP(_ text: String) throws(ShortSyntaxError) -> String {
            var address = text
            if text.hasPrefix("[") {
                guard text.hasSuffix("]"), text.count > 2 else { throw ShortSyntaxError("invalid host IP \"\(text)\"") }
                address = String(text.dropFirst().dropLast())
            }
            guard address.isEmpty || IPAddressSyntax.isValid(address) else {
                throw ShortSyntaxError("invalid host IP \"\(address)\"")
            }
            return address
        }

        /// `80` or `8000-8010`; each number in 0...65535, the end not below the start.
        private static func range(_ text: String, role: String) throws(ShortSyntaxError) -> ClosedRange<Int> {
            let bounds = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard let start = number(bounds[0]), let end = bounds.count == 2 ? number(bounds[1]) : start else {
                throw ShortSyntaxError("\(role) \"\(text)\" is not a port or port range in 0-65535")
            }
            guard start <= end else { throw ShortSyntaxError("\(role) range \"\(text)\" ends before it starts") }
            return start...end
        }

        private static func number(_ text: Substring) -> Int? {
            guard !text.isEmpty, text.allSatisfy(\.isASCII), let value = Int(text) else { return nil }
            return (0...65535).contains(value) ? value : nil
        }
    }
}
