/// A user namespace for the container: its uids and gids mapped onto ranges of host ids (Docker's
/// userns-remap). Container root is then an unprivileged host id outside the container.
package struct UserNamespace: Sendable, Equatable, Codable {
    /// One line of /proc/PID/uid_map or gid_map: `size` ids from `containerID` map onto `hostID`.
    package struct Mapping: Sendable, Equatable, Codable {
        /// The first id as the container sees it.
        package var containerID: UInt32
        /// The host id `containerID` is.
        package var hostID: UInt32
        /// How many consecutive ids are mapped.
        package var size: UInt32

        /// Maps `size` ids from `containerID` onto `hostID`.
        package init(containerID: UInt32, hostID: UInt32, size: UInt32) {
            self.containerID = containerID
            self.hostID = hostID
            self.size = size
        }
    }

    /// The uid map (/proc/PID/uid_map lines).
    package var uidMappings: [Mapping]
    /// The gid map (/proc/PID/gid_map lines).
    package var gidMappings: [Mapping]

    /// Maps uids and gids as given.
    package init(uidMappings: [Mapping], gidMappings: [Mapping]) {
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
    }

    /// Container ids 0..<size onto host ids hostID..<hostID+size, for users and groups alike (Docker's
    /// `userns-remap` default is 100000, 65536 from /etc/subuid; berth takes the numbers as given).
    package static func remapped(hostID: UInt32 = defaultHostID, size: UInt32 = defaultSize) -> UserNamespace {
        let mapping = Mapping(containerID: 0, hostID: hostID, size: size)
        return UserNamespace(uidMappings: [mapping], gidMappings: [mapping])
    }

    /// The first host id of the default map.
    package static let defaultHostID: UInt32 = 100_000
    /// The number of ids of the default map.
    package static let defaultSize: UInt32 = 65_536

    /// The kernel takes at most 340 lines per map (UID_GID_MAP_MAX_EXTENTS).
    private static let maximumMappings = 340

    /// Checks both maps; errors name the map and the mapping.
    package func validate() throws {
        try Self.validate(uidMappings, field: "uidMappings", kind: "uid")
        try Self.validate(gidMappings, field: "gidMappings", kind: "gid")
    }

    /// The host id container id `id` maps onto; nil when it is not mapped.
    package static func hostID(of id: UInt32, in mappings: [Mapping]) -> UInt32? {
        for mapping in mappings where id >= mapping.containerID && UInt64(id) < mapping.end(\.containerID) {
            return mapping.hostID + (id - mapping.containerID)
        }
        return nil
    }

    private static func validate(_ mappings: [Mapping], field: String, kind: String) throws {
        let prefix = "user namespace: \(field)"
        guard mappings.count <= maximumMappings else {
            throw EngineError(.invalidSpec, "\(prefix): \(mappings.count) mappings, the kernel takes at most 340")
        }
        for (index, mapping) in mappings.enumerated() {
            let name = "\(prefix)[\(index)] (\(mapping.containerID) \(mapping.hostID) \(mapping.size))"
            guard mapping.size > 0 else { throw EngineError(.invalidSpec, "\(name): size must be at least 1") }
            guard mapping.end(\.containerID) <= 1 << 32 else {
                throw EngineError(.invalidSpec, "\(name): the container range passes \(kind) 4294967295")
            }
            // The kernel refuses a range reaching (uid_t)-1, the invalid id.
            guard mapping.end(\.hostID) < 1 << 32 else {
                throw EngineError(.invalidSpec, "\(name): the host range passes \(kind) 4294967294")
            }
            for (otherIndex, other) in mappings.enumerated().prefix(index) {
                if mapping.overlaps(other, on: \.containerID) || mapping.overlaps(other, on: \.hostID) {
                    throw EngineError(.invalidSpec, "\(name): overlaps \(field)[\(otherIndex)]")
                }
            }
        }
        guard hostID(of: 0, in: mappings) != nil else {
            throw EngineError(.invalidSpec, "\(prefix): container \(kind) 0 is not mapped")
        }
    }
}

extension UserNamespace.Mapping {
    /// One past the last id of the range starting at `start`.
    fileprivate func end(_ start: KeyPath<Self, UInt32>) -> UInt64 {
        UInt64(self[keyPath: start]) + UInt64(size)
    }

    fileprivate func overlaps(_ other: Self, on start: KeyPath<Self, UInt32>) -> Bool {
        UInt64(self[keyPath: start]) < other.end(start) && UInt64(other[keyPath: start]) < end(start)
    }
}
