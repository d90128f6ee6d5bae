import Foundation

/// A network as berth stores it: identity, configuration, its IPAM blocks and its endpoints.
package struct NetworkRecord: Sendable, Codable, Equatable {
    /// 64 hex digits.
    package var id: String
    package var name: String
    package var driver: String
    /// The kernel bridge.
    package var bridge: String
    package var created: Date
    /// One block per family (IPv4 first; IPv6 when enabled).
    package var ipam: [IPAM]
    package var isInternal: Bool
    package var isAttachable: Bool
    package var enableIPv6: Bool
    package var labels: [String: String]
    package var options: [String: String]
    package var mtu: Int
    /// Endpoints by container ID.
    package var endpoints: [String: Endpoint]

    /// The IPv4 block (every network has one).
    package var ipv4: IPAM? { ipam.first { $0.subnet.family == .v4 } }
    /// The IPv6 block, when enabled.
    package var ipv6: IPAM? { ipam.first { $0.subnet.family == .v6 } }

    /// Whether outbound traffic is masqueraded (not for internal networks).
    package var masquerades: Bool { !isInternal && options[BridgeOption.masquerade] != "false" }
}

/// A container's attachment to one network.
package struct Endpoint: Sendable, Codable, Equatable {
    package var containerID: String
    package var containerName: String
    package var networkID: String
    package var networkName: String
    /// The interface inside the container (eth0, eth1...).
    package var interfaceName: String
    /// The veth end on the host bridge.
    package var hostInterface: String
    package var namespacePath: String
    package var macAddress: String
    package var ipv4Address: IPAddress?
    package var ipv4Prefix: Int
    package var ipv6Address: IPAddress?
    package var ipv6Prefix: Int
    package var gateway: IPAddress?
    package var aliases: [String]
    package var hostname: String?
    /// Whether the default route goes through this endpoint.
    package var isDefaultRoute: Bool

    /// An endpoint; see the properties.
    package init(
        containerID: String, containerName: String, networkID: String, networkName: String, interfaceName: String,
        hostInterface: String, namespacePath: String, macAddress: String, ipv4Address: IPAddress?, ipv4Prefix: Int,
        ipv6Address: IPAddress?, ipv6Prefix: Int, gateway: IPAddress?, aliases: [String], hostname: String?,
        isDefaultRoute: Bool
    ) {
        self.containerID = containerID
        self.containerName = containerName
        self.networkID = networkID
        self.networkName = networkName
        self.interfaceName = interfaceName
        self.hostInterface = hostInterface
        self.namespacePath = namespacePath
        self.macAddress = macAddress
        self.ipv4Address = ipv4Address
        self.ipv4Prefix = ipv4Prefix
        self.ipv6Address = ipv6Address
        self.ipv6Prefix = ipv6Prefix
        self.gateway = gateway
        self.aliases = aliases
        self.hostname = hostname
        self.isDefaultRoute = isDefaultRoute
    }
}

/// One published port as made: host side and container side.
package struct PublishedPort: Sendable, Codable, Equatable, Hashable {
    package var proto: PortProtocol
    package var hostIP: IPAddress
    package var hostPort: UInt16
    package var containerIP: IPAddress
    package var containerPort: UInt16
    /// The network whose bridge carries the traffic.
    package var networkID: String

    /// A published port; see the properties.
    package init(
        proto: PortProtocol, hostIP: IPAddress, hostPort: UInt16, containerIP: IPAddress, containerPort: UInt16,
        networkID: String
    ) {
        self.proto = proto
        self.hostIP = hostIP
        self.hostPort = hostPort
        self.containerIP = containerIP
        self.containerPort = containerPort
        self.networkID = networkID
    }
}
