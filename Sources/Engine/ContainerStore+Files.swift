import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ContainerStore {
    /// Writes /etc/hostname, /etc/hosts and /etc/resolv.conf into the container's folder (bind-mounted
    /// at start; the daemon may rewrite them before, e.g. with the container's addresses), makes the
    /// overlay folders and the OCI config.json. None syncs the folder: `create` does, once.
    func prepareFiles(_ record: inout ContainerRecord) throws {
        let folder = directory(record.id)
        let durable = record.config.isDurable
        if record.config.autoRemove { record.config.spec.ephemeral = true }
        let hostname = record.config.spec.hostname ?? String(record.id.prefix(12))
        record.config.spec.hostname = hostname
        try StateFiles.writeAtomic(
            Array("\(hostname)\n".utf8), to: folder + "/hostname", syncingFolder: false, durable: durable)
        var hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        for entry in record.config.extraHosts {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else {
                throw EngineError(.invalidSpec, "extra_hosts: \"\(entry)\" is not host:address")
            }
            hosts += "\(parts[1])\t\(parts[0])\n"
        }
        try StateFiles.writeAtomic(Array(hosts.utf8), to: folder + "/hosts", syncingFolder: false, durable: durable)
        try StateFiles.writeAtomic(
            Array(resolvConf(record.config).utf8), to: folder + "/resolv.conf", syncingFolder: false, durable: durable)
        if let namespace = record.config.spec.userNamespace {
            try giveToContainerRoot(["hostname", "hosts", "resolv.conf"].map { folder + "/" + $0 }, namespace)
        }
        if !record.config.layers.isEmpty {
            for name in Self.overlayFolders { try StateFiles.makeDirectory(folder + "/" + name, mode: 0o755) }
            record.config.spec.root = .overlay(
                lower: record.config.layers, upper: folder + "/upper", work: folder + "/work",
                target: folder + "/rootfs")
        }
        record.config.spec.cgroupPath = record.config.spec.cgroupPath ?? "berth/" + record.id
        for file in ["hostname", "hosts", "resolv.conf"] {
            record.config.spec.mounts.append(
                ContainerSpec.Mount(
                    type: "bind", source: folder + "/" + file, destination: "/etc/" + file,
                    options: ["rbind", "rprivate"]))
        }
        let config = OCIConfig(spec: record.config.spec)
        try StateFiles.save(config, to: folder + "/config.json", syncingFolder: false, durable: durable)
    }

    /// Binds are not idmapped: container root may rewrite its /etc files (as with Docker's userns-remap)
    /// only when they belong to its host ids.
    private func giveToContainerRoot(_ paths: [String], _ namespace: UserNamespace) throws {
        try namespace.validate()
        let uid = UserNamespace.hostID(of: 0, in: namespace.uidMappings) ?? 0
        let gid = UserNamespace.hostID(of: 0, in: namespace.gidMappings) ?? 0
        for path in paths where chown(path, uid, gid) != 0 {
            throw EngineError(
                .systemCall, "cannot give \(path) to container root",
                cause: SystemCallError(call: "chown", errno: errno, path: path))
        }
    }

    /// The given servers, else the host's without loopback ones (unreachable from a container).
    private func resolvConf(_ config: ContainerConfig) -> String {
        var lines: [String] = []
        if config.dns.isEmpty {
            let host = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? ""
            lines = host.split(separator: "\n").map(String.init).filter { line in
                let words = line.split(separator: " ")
                return
                    !(words.first == "nameserver" && words.count > 1
                    && (words[1].hasPrefix("127.") || words[1] == "::1"))
            }
        } else {
            lines = config.dns.map { "nameserver \($0)" }
        }
        if !config.dnsSearch.isEmpty { lines.append("search " + config.dnsSearch.joined(separator: " ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
