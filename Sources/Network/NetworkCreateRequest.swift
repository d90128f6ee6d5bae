/// What `NetworkManager.create` needs: the fields of Docker's NetworkCreateRequest that berth uses.
package struct NetworkCreateRequest: Sendable, Codable {
    /// One IPAM block: any field may be left out (subnet then comes from the pool).
    package struct IPAMBlock: Sendable, Codable, Equatable {
        package var subnet: String?
        package var gateway: String?
        package var ipRange: String?

        /// A block; all fields optional.
        package init(subnet: String? = nil, gateway: String? = nil, ipRange: String? = nil) {
            self.subnet = subnet
            self.gateway = gateway
            self.ipRange = ipRange
        }
    }

    package var name: String
    package var driver: String
    package var ipam: [IPAMBlock]
    package var isInternal: Bool
    package var isAttachable: Bool
    package var enableIPv6: Bool
    package var labels: [String: String]
    package var options: [String: String]

    /// A request for network `name`; a bridge with a pool subnet unless told otherwise.
    package init(
        name: String, driver: String = "bridge", ipam: [IPAMBlock] = [], isInternal: Bool = false,
        isAttachable: Bool = false, enableIPv6: Bool = false, labels: [String: String] = [:],
        options: [String: String] = [:]
    ) {
        self.name = name
        self.driver = driver
        self.ipam = ipam
        self.isInternal = isInternal
        self.isAttachable = isAttachable
        self.enableIPv6 = enableIPv6
        self.labels = labels
        self.options = options
    }
}

/// Option keys of Docker's bridge driver that berth honours.
package enum BridgeOption {
    /// The MTU of the bridge and its veths (default: the uplink's).
    package static let mtu = "com.docker.network.driver.mtu"
    /// The kernel name of the bridge (default: the prefix and 12 hex digits of the id).
    package static let name = "com.docker.network.bridge.name"
    /// "false" turns off outbound masquerading.
    package static let masquerade = "com.docker.network.bridge.enable_ip_masquerade"
}
