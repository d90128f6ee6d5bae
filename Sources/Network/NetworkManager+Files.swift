import Foundation

extension NetworkManager {
    /// The container's /etc/resolv.conf: the gateways (embedded DNS servers) of its networks,
    /// default-route network first, with the host's search and options lines; the host's file
    /// when the container is on no network.
    package func resolvConf(for containerID: String) -> String {
        let host = (try? String(contentsOfFile: options.hostResolvConf, encoding: .utf8)) ?? ""
        let gateways = endpoints(containerID: containerID).compactMap(\.gateway)
        guard !gateways.isEmpty else { return host }
        var lines = ["# written by berth: the embedded DNS server of each network"]
        lines += gateways.map { "nameserver \($0)" }
        lines += HostNetwork.searchAndOptions(resolvConf: host)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The container's /etc/hosts: localhost and its own addresses with its hostname and name.
    package func hostsFile(for containerID: String, hostname: String? = nil) -> String {
        var lines = [
            "127.0.0.1\tlocalhost",
            "::1\tlocalhost ip6-localhost ip6-loopback",
            "fe00::0\tip6-localnet",
            "ff00::0\tip6-mcastprefix",
            "ff02::1\tip6-allnodes",
            "ff02::2\tip6-allrouters",
        ]
        for endpoint in endpoints(containerID: containerID) {
            let names = [hostname ?? endpoint.hostname, endpoint.containerName].compactMap { $0 }
            let unique = names.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            for address in [endpoint.ipv4Address, endpoint.ipv6Address].compactMap({ $0 }) {
                lines.append("\(address)\t\(unique.joined(separator: " "))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
