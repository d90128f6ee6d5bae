extension Canonical {
    /// Checks the textual form of IP addresses as Go's `net.ParseIP` accepts them: dotted IPv4 without
    /// leading zeros, and IPv6 with at most one `::` and an optional trailing dotted IPv4 part; no zones.
    enum IPAddressSyntax {
        static func isValid(_ text: String) -> Bool {
            isIPv4(Substring(text)) || isIPv6(text)
        }

        static func isIPv4(_ text: Substring) -> Bool {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4
                && parts.allSatisfy { part in
                    guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                        return false
                    }
                    guard part.count == 1 || part.first != "0" else { return false }
                    return (Int(part) ?? 256) <= 255
                }
        }

        static func isIPv6(_ text: String) -> Bool {
            let halves = text.split(separator: "::", omittingEmptySubsequences: false)
            guard halves.count <= 2 else { return false }
            var groups = 0
            for (index, half) in halves.enumerated() where !half.isEmpty {
                let parts = half.split(separator: ":", omittingEmptySubsequences: false)
                for (position, part) in parts.enumerated() {
                    let isLastOfAddress = index == halves.count - 1 && position == parts.count - 1
                    if isLastOfAddress && part.contains(".") {
                        guard isIPv4(part) else { return false }
                        groups += 2
                    } else {
                        guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit) else { return false }
                        groups += 1
                    }
                }
            }
            return halves.count == 2 ? groups < 8 : groups == 8
        }
    }
}
