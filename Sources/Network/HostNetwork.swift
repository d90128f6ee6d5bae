import Foundation

/// What berth reads from the host: routed subnets (to avoid when allocating), the uplink's MTU,
/// and the upstream DNS servers. Plain file reads; parsing is separate and pure for tests.
package enum HostNetwork {
    /// IPv4 subnets routed on the host, from /proc/net/route (default routes excluded).
    package static func routedSubnets(routeTable: String = "/proc/net/route") -> [Subnet] {
        guard let text = try? String(contentsOfFile: routeTable, encoding: .utf8) else { return [] }
        return parseRoutes(text).compactMap { $0.subnet.prefixLength == 0 ? nil : $0.subnet }
    }

    /// The MTU of the interface holding the default route, or 1500 when there is none.
    package static func uplinkMTU(routeTable: String = "/proc/net/route", sysClassNet: String = "/sys/class/net") -> Int
    {
        guard let text = try? String(contentsOfFile: routeTable, encoding: .utf8),
            let uplink = parseRoutes(text).first(where: { $0.subnet.prefixLength == 0 })?.interface,
            let mtuText = try? String(contentsOfFile: "\(sysClassNet)/\(uplink)/mtu", encoding: .utf8),
            let mtu = Int(mtuText.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return 1500 }
        return mtu
    }

    /// Parses /proc/net/route: interface, destination and mask in hex, host (little-endian) order.
    package static func parseRoutes(_ text: String) -> [(interface: String, subnet: Subnet)] {
        text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 8, let destination = UInt32(fields[1], radix: 16),
                let mask = UInt32(fields[7], radix: 16)
            else { return nil }
            let address = IPAddress(family: .v4, value: UInt128(destination.byteSwapped))
            let prefix = mask.nonzeroBitCount
            return (String(fields[0]), Subnet(containing: address, prefixLength: prefix))
        }
    }

    /// The nameserver addresses of a resolv.conf text, in order.
    package static func nameservers(resolvConf text: String) -> [IPAddress] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { return nil }
            return IPAddress(String(fields[1]))
        }
    }

    /// The `search` and `options` lines of a resolv.conf text, kept for containers.
    package static func searchAndOptions(resolvConf text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("search ") || $0.hasPrefix("options ") }
    }
}
