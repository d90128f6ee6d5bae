extension NetworkManager {
    /// Settings the daemon (defaults) or a test (its own names and pools) chooses.
    package struct Options: Sendable {
        /// Bridge names are this prefix plus hex digits of the network ID (15 characters at most).
        package var bridgePrefix = "br-"
        /// Host veth ends are this prefix plus random hex digits.
        package var vethPrefix = "veth"
        /// Where networks without a subnet get one.
        package var pools = AddressPool.defaults
        /// berth's iptables chains.
        package var chains = FirewallChains(prefix: "BERTH")
        /// Turn on net.ipv4.ip_forward when a non-internal network is made (as dockerd does), so
        /// containers reach outside. Tests leave the host's setting alone.
        package var enableIPForward = true
        /// The port of the embedded DNS servers.
        package var dnsPort: UInt16 = 53
        /// The host's resolver configuration: upstream servers, and search/options for containers.
        package var hostResolvConf = "/etc/resolv.conf"
        /// The MTU when no option gives one; nil reads the default-route interface's.
        package var mtu: Int?

        /// The daemon's defaults.
        package init() {}
    }
}
