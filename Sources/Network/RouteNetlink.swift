import CNetwork

#if canImport(Glibc)
    import Glibc
#endif

/// The rtnetlink operations berth needs (links, addresses, routes), each one request on one
/// socket. Blocking: call from the caller's thread or a dedicated thread.
struct RouteNetlink {
    let socket: NetlinkSocket

    /// Talks to the namespace whose file is `netnsPath`, or to ours.
    init(netnsPath: String? = nil) throws(NetworkError) {
        socket = try NetlinkSocket(netnsPath: netnsPath)
    }

    /// Creates bridge `name`, up, with forward delay 0 and no STP so that new ports forward at
    /// once (the default 15 s delay drops a container's first packets).
    func createBridge(name: String, mtu: Int) throws(NetworkError) {
        let up = UInt32(IFF_UP)
        var message = NetlinkMessage(
            type: Int32(RTM_NEWLINK), flags: NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
            header: NetlinkMessage.ifinfo(flags: up, change: up))
        message.add(Int32(IFLA_IFNAME), string: name)
        message.add(Int32(IFLA_MTU), u32: UInt32(mtu))
        message.nest(Int32(IFLA_LINKINFO)) { info in
            info.add(Int32(IFLA_INFO_KIND), string: "bridge")
            info.nest(Int32(IFLA_INFO_DATA)) { data in
                data.add(Int32(IFLA_BR_FORWARD_DELAY), u32: 0)
                data.add(Int32(IFLA_BR_STP_STATE), u32: 0)
            }
        }
        try socket.perform(message, what: "create bridge \(name)")
    }

    /// Creates veth pair `hostName` (up, a port of bridge `masterIndex`) and `peerName`, which is
    /// made directly inside the namespace `peerNetnsFD` with `peerMAC` (still down).
    func createVeth(
        hostName: String, peerName: String, peerNetnsFD: Int32, peerMAC: [UInt8], mtu: Int, masterIndex: Int32
    ) throws(NetworkError) {
        let up = UInt32(IFF_UP)
        var message = NetlinkMessage(
            type: Int32(RTM_NEWLINK), flags: NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
            header: NetlinkMessage.ifinfo(flags: up, change: up))
        message.add(Int32(IFLA_IFNAME), string: hostName)
        message.add(Int32(IFLA_MTU), u32: UInt32(mtu))
        message.add(Int32(IFLA_MASTER), u32: UInt32(bitPattern: masterIndex))
        message.nest(Int32(IFLA_LINKINFO)) { info in
            info.add(Int32(IFLA_INFO_KIND), string: "veth")
            info.nest(Int32(IFLA_INFO_DATA)) { data in
                data.nest(Int32(VETH_INFO_PEER)) { peer in
                    // Not up yet: the kernel refuses (ENOTCONN) to open a peer made in another namespace.
                    peer.raw(NetlinkMessage.ifinfo())
                    peer.add(Int32(IFLA_IFNAME), string: peerName)
                    peer.add(Int32(IFLA_MTU), u32: UInt32(mtu))
                    peer.add(Int32(IFLA_ADDRESS), peerMAC)
                    peer.add(Int32(IFLA_NET_NS_FD), u32: UInt32(bitPattern: peerNetnsFD))
                }
            }
        }
        try socket.perform(message, what: "create veth \(hostName)")
    }

    /// The index of interface `name`, or nil when there is none.
    func linkIndex(name: String) throws(NetworkError) -> Int32? {
        var message = NetlinkMessage(type: Int32(RTM_GETLINK), flags: NLM_F_ACK, header: NetlinkMessage.ifinfo())
        message.add(Int32(IFLA_IFNAME), string: name)
        do {
            let replies = try socket.perform(message, what: "find link \(name)")
            guard let reply = replies.first, reply.count >= 8 else { return nil }
            return Int32(bitPattern: reply.loadU32(at: 4))
        } catch  where error.code == .netlink && (error.cause as? SystemCallError)?.errno == ENODEV {
            return nil
        }
    }

    /// Brings interface `index` up.
    func setUp(index: Int32, name: String) throws(NetworkError) {
        let up = UInt32(IFF_UP)
        let message = NetlinkMessage(
            type: Int32(RTM_NEWLINK), flags: NLM_F_ACK,
            header: NetlinkMessage.ifinfo(index: index, flags: up, change: up))
        try socket.perform(message, what: "set \(name) up")
    }

    /// Deletes interface `name` (a veth's peer goes with it); false when it did not exist.
    @discardableResult
    func deleteLink(name: String) throws(NetworkError) -> Bool {
        var message = NetlinkMessage(type: Int32(RTM_DELLINK), flags: NLM_F_ACK, header: NetlinkMessage.ifinfo())
        message.add(Int32(IFLA_IFNAME), string: name)
        do {
            try socket.perform(message, what: "delete link \(name)")
            return true
        } catch  where error.code == .netlink && (error.cause as? SystemCallError)?.errno == ENODEV {
            return false
        }
    }

    /// Adds `address`/`prefix` to interface `index`; IPv6 addresses skip duplicate detection.
    func addAddress(_ address: IPAddress, prefix: Int, index: Int32, name: String) throws(NetworkError) {
        var message = NetlinkMessage(
            type: Int32(RTM_NEWADDR), flags: NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
            header: NetlinkMessage.ifaddr(family: address.family, prefix: prefix, index: index))
        message.add(Int32(IFA_LOCAL), address.bytes)
        message.add(Int32(IFA_ADDRESS), address.bytes)
        if address.family == .v4 {
            let broadcast = Subnet(containing: address, prefixLength: prefix).lastAddress
            message.add(Int32(IFA_BROADCAST), broadcast.bytes)
        } else {
            message.add(Int32(IFA_FLAGS), u32: UInt32(IFA_F_NODAD))
        }
        try socket.perform(message, what: "add address \(address)/\(prefix) to \(name)")
    }

    /// Adds a default route through `gateway` on interface `index`.
    func addDefaultRoute(via gateway: IPAddress, index: Int32, name: String) throws(NetworkError) {
        var message = NetlinkMessage(
            type: Int32(RTM_NEWROUTE), flags: NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
            header: NetlinkMessage.rtmsg(family: gateway.family, destinationLength: 0))
        message.add(Int32(RTA_GATEWAY.rawValue), gateway.bytes)
        message.add(Int32(RTA_OIF.rawValue), u32: UInt32(bitPattern: index))
        try socket.perform(message, what: "add default route via \(gateway) on \(name)")
    }
}
