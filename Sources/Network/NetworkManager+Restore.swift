extension NetworkManager {
    /// Re-makes what a reboot (or an `ip link del` by hand) took from the known networks, so a
    /// daemon that starts again finds its networks usable: a missing bridge is made again with its
    /// gateway addresses and sysctls, and the network's firewall rules that are missing are added.
    /// Endpoints whose host veth end is gone are dropped with their addresses and published ports:
    /// their container lost its network namespace (a reboot) and is attached again when it starts.
    /// Live restore is untouched: a running container keeps its veth, its endpoint stays.
    /// Best effort per network: one that cannot be restored is left as recorded.
    func restoreNetworks() {
        guard let netlink = try? RouteNetlink() else { return }
        for record in state.withLock({ Array($0.networks.values) }) {
            if (try? netlink.linkIndex(name: record.bridge)) ?? nil == nil {
                try? remakeBridge(record, netlink: netlink)
            }
            let rules = state.withLock { $0.rules[record.id] } ?? []
            let missing = rules.filter { (try? firewall.exists($0)) == false }
            try? firewall.add(missing)
            for endpoint in record.endpoints.values
            where (try? netlink.linkIndex(name: endpoint.hostInterface)) ?? nil == nil {
                dropStaleEndpoint(endpoint)
            }
        }
    }

    /// The bridge of `record` with its addresses and sysctls, as `build` makes them.
    private func remakeBridge(_ record: NetworkRecord, netlink: RouteNetlink) throws(NetworkError) {
        try netlink.createBridge(name: record.bridge, mtu: record.mtu)
        guard let index = try netlink.linkIndex(name: record.bridge) else { return }
        for block in record.ipam {
            try netlink.addAddress(block.gateway, prefix: block.subnet.prefixLength, index: index, name: record.bridge)
        }
        if !record.isInternal {
            try Self.writeSysctl("/proc/sys/net/ipv4/conf/\(record.bridge)/route_localnet", "1")
            if options.enableIPForward { try Self.writeSysctl("/proc/sys/net/ipv4/ip_forward", "1") }
        }
    }

    /// Forgets an endpoint whose veth is gone: its addresses, and the container's published ports
    /// on that network with their rules.
    private func dropStaleEndpoint(_ endpoint: Endpoint) {
        let containerID = endpoint.containerID
        _ = try? unpublish(containerID: containerID, networkID: endpoint.networkID)
        _ = try? mutate { state throws(NetworkError) in
            state.networks[endpoint.networkID]?.endpoints[containerID] = nil
            guard let ipam = state.networks[endpoint.networkID]?.ipam else { return }
            for index in ipam.indices { state.networks[endpoint.networkID]?.ipam[index].release(owner: containerID) }
        }
    }
}
