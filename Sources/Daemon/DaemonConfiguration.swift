import Engine
import Foundation

/// The daemon's settings: dockerd's `daemon.json` keys where they mean the same, overridden by flags.
package struct DaemonConfiguration: Sendable, Equatable {
    /// A pool that network subnets are allocated from (`{"base": "10.10.0.0/16", "size": 24}`).
    package struct AddressPool: Codable, Sendable, Equatable {
        package var base: String
        package var size: Int

        /// Makes a pool of /`size` subnets of `base`.
        package init(base: String, size: Int) {
            self.base = base
            self.size = size
        }
    }

    /// Where images, containers, volumes and network state live.
    package var root = "/var/lib/berth"
    /// Where runtime state lives (shim sockets, netns files).
    package var execRoot = "/run/berth"
    /// Listen addresses: `unix:///path` (default `/run/berth/berth.sock`) or `tcp://host:port` (TLS only).
    package var hosts = ["unix:///run/berth/berth.sock"]
    /// The group that owns the socket (mode 0660); ignored when the group does not exist.
    package var group = "berth"
    /// Subnet pools for networks created without a subnet.
    package var defaultAddressPools: [AddressPool] = []
    /// Registries reached over plain HTTP (localhost always is).
    package var insecureRegistries: [String] = []
    /// debug, info, warn or error.
    package var logLevel = "info"
    /// Require TLS client certificates signed by `tlsCACert` on TCP listeners.
    package var tlsVerify = false
    /// CA, certificate and key files for TCP listeners.
    package var tlsCACert: String?
    package var tlsCert: String?
    package var tlsKey: String?
    /// Turn on the host's IPv4 forwarding (needed for outbound NAT), as dockerd's `ip-forward`.
    package var ipForward = true
    /// berth's own key `berth-allow-insecure-tcp`: listen on plain TCP without TLS (refused unless
    /// set; a warning is printed).
    package var allowInsecureTCP = false
    /// berth's own key `berth-bridge-prefix`: bridge names are this plus hex digits of the network
    /// ID, so a second daemon (a test, a benchmark) never touches the first one's bridges.
    package var bridgePrefix = "br-"
    /// berth's own key `berth-chain-prefix`: the iptables chains are named `PREFIX-DNAT`, ...
    package var chainPrefix = "BERTH"
    /// dockerd's `userns-remap`: "" (off), `default` (container ids 0-65535 onto host ids 100000-165535)
    /// or berth's `HOSTID:SIZE`. When set, every container gets a user namespace unless its
    /// HostConfig.UsernsMode is `host` (Docker's semantics). dockerd's user names from /etc/subuid are
    /// not supported.
    package var usernsRemap = ""

    /// The defaults.
    package init() {}

    /// Reads `path` (dockerd's daemon.json format) over the defaults. Unknown keys and wrong types
    /// are errors that name the key, as dockerd refuses them.
    package static func load(path: String) throws -> DaemonConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("\(path): cannot read the configuration file")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigurationError("\(path): not a JSON object")
        }
        var configuration = DaemonConfiguration()
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            try configuration.apply(key: key, value: value, file: path)
        }
        return configuration
    }

    private mutating func apply(key: String, value: Any, file: String) throws {
        func string() throws -> String {
            guard let text = value as? String else { throw ConfigurationError("\(file): \(key): expected a string") }
            return text
        }
        func strings() throws -> [String] {
            guard let list = value as? [String] else {
                throw ConfigurationError("\(file): \(key): expected an array of strings")
            }
            return list
        }
        switch key {
        case "data-root": root = try string()
        case "exec-root": execRoot = try string()
        case "hosts": hosts = try strings()
        case "group": group = try string()
        case "insecure-registries": insecureRegistries = try strings()
        case "log-level": logLevel = try string()
        case "tlsverify", "tls":
            guard let flag = value as? Bool else { throw ConfigurationError("\(file): \(key): expected a boolean") }
            tlsVerify = tlsVerify || flag
        case "ip-forward":
            guard let flag = value as? Bool else { throw ConfigurationError("\(file): \(key): expected a boolean") }
            ipForward = flag
        case "berth-allow-insecure-tcp":
            guard let flag = value as? Bool else { throw ConfigurationError("\(file): \(key): expected a boolean") }
            allowInsecureTCP = flag
        case "berth-bridge-prefix": bridgePrefix = try string()
        case "berth-chain-prefix": chainPrefix = try string()
        case "userns-remap": usernsRemap = try string()
        case "tlscacert": tlsCACert = try string()
        case "tlscert": tlsCert = try string()
        case "tlskey": tlsKey = try string()
        case "default-address-pools":
            let data = try JSONSerialization.data(withJSONObject: value)
            do {
                defaultAddressPools = try JSONDecoder().decode([AddressPool].self, from: data)
            } catch {
                throw ConfigurationError("\(file): \(key): expected [{\"base\": \"CIDR\", \"size\": N}]")
            }
        default:
            throw ConfigurationError("\(file): unknown key \"\(key)\"")
        }
    }

    /// Checks values that cannot work, naming the field.
    package func validate() throws {
        guard ["debug", "info", "warn", "error"].contains(logLevel) else {
            throw ConfigurationError("log-level: \"\(logLevel)\" is not one of debug, info, warn, error")
        }
        for host in hosts {
            guard host.hasPrefix("unix://") || host.hasPrefix("tcp://") else {
                throw ConfigurationError("hosts: \"\(host)\": expected unix:///path or tcp://host:port")
            }
            // Checked before anything is made: a daemon that cannot listen safely leaves nothing behind.
            if host.hasPrefix("tcp://") && !tlsVerify && !allowInsecureTCP {
                throw ConfigurationError(
                    "hosts: \(host): a TCP listener needs --tlsverify with --tlscacert, --tlscert and --tlskey "
                        + "(clients must present a certificate signed by that CA); --allow-insecure-tcp forces plain TCP"
                )
            }
            if host.hasPrefix("tcp://") && tlsVerify && (tlsCACert == nil || tlsCert == nil || tlsKey == nil) {
                throw ConfigurationError("hosts: \(host): --tlsverify needs --tlscacert, --tlscert and --tlskey")
            }
        }
        // Linux interface names have 15 characters; the ID's hex digits need at least 8 of them.
        guard (1...7).contains(bridgePrefix.utf8.count), !bridgePrefix.contains("/") else {
            throw ConfigurationError("berth-bridge-prefix: \"\(bridgePrefix)\" must be 1-7 characters without /")
        }
        // iptables chain names have 28 characters; the longest suffix is "-DNAT" or "-ISO1".
        let chainCharacters = chainPrefix.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
        guard (1...20).contains(chainPrefix.utf8.count), chainCharacters else {
            throw ConfigurationError("berth-chain-prefix: \"\(chainPrefix)\" must be 1-20 of A-Z, 0-9 and _")
        }
        for pool in defaultAddressPools where !(1...32).contains(pool.size) {
            throw ConfigurationError("default-address-pools: \(pool.base): size \(pool.size) must be 1-32")
        }
        _ = try userNamespaceRemap()
    }

    /// The user namespace `userns-remap` gives every container; nil when it is off.
    package func userNamespaceRemap() throws -> UserNamespace? {
        switch usernsRemap {
        case "": return nil
        case "default": return .remapped()
        default:
            let parts = usernsRemap.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let host = UInt32(parts[0]), let size = UInt32(parts[1]) else {
                throw ConfigurationError("userns-remap: \"\(usernsRemap)\": expected default or HOSTID:SIZE (numbers)")
            }
            let namespace = UserNamespace.remapped(hostID: host, size: size)
            do {
                try namespace.validate()
            } catch {
                throw ConfigurationError("userns-remap: \"\(usernsRemap)\": \(error)")
            }
            return namespace
        }
    }
}

/// A configuration problem, naming the file and key.
package struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    package var description: String

    /// Makes the error.
    package init(_ description: String) {
        self.description = description
    }
}
