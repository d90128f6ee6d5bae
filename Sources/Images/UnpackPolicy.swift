import Foundation

/// What an unpack may create in its target folder.
package struct UnpackPolicy: Sendable {
    /// Create character and block device nodes (root only); when false, a device entry fails the unpack.
    package var allowDeviceNodes: Bool
    /// Apply the entries' uid/gid (root only); when false, files belong to the unpacking user.
    package var applyOwnership: Bool
    /// Turn `.wh.NAME` and `.wh..wh..opq` into overlayfs whiteouts; when false they are refused.
    package var overlayWhiteouts: Bool

    /// For a container with a user namespace: container ids to host ids. Owners are then always set:
    /// the entries' ids shifted (with `applyOwnership`), else container root's host ids.
    package var ownerMap: OwnerMap?

    /// A policy with every choice spelled out.
    package init(allowDeviceNodes: Bool, applyOwnership: Bool, overlayWhiteouts: Bool) {
        self.allowDeviceNodes = allowDeviceNodes
        self.applyOwnership = applyOwnership
        self.overlayWhiteouts = overlayWhiteouts
    }

    /// Layer snapshots: devices, owners and whiteouts as in the layer (needs root).
    package static var layer: UnpackPolicy {
        let isRoot = geteuid() == 0
        return UnpackPolicy(allowDeviceNodes: isRoot, applyOwnership: isRoot, overlayWhiteouts: true)
    }

    /// Archives read by `load` (manifests and blobs only): plain files and folders.
    package static let plainFiles = UnpackPolicy(
        allowDeviceNodes: false, applyOwnership: false, overlayWhiteouts: false)
}

/// Container uid and gid ranges of a user namespace and the host ids they stand for.
package struct OwnerMap: Sendable, Equatable {
    /// One range: `size` ids from `containerID` are the host's from `hostID`.
    package struct Range: Sendable, Equatable {
        package var containerID: UInt32
        package var hostID: UInt32
        package var size: UInt32

        /// Creates a range.
        package init(containerID: UInt32, hostID: UInt32, size: UInt32) {
            self.containerID = containerID
            self.hostID = hostID
            self.size = size
        }
    }

    /// The uid and gid ranges.
    package var uids: [Range]
    package var gids: [Range]
    /// Whether a host id outside the ranges is archived as it is rather than as the overflow id: for a
    /// stopped container's layers read without their idmapped mounts, where host root's files are the
    /// image's, which the container sees as its own root's.
    package var keepsUnmapped = false

    /// Creates a map.
    package init(uids: [Range], gids: [Range]) {
        self.uids = uids
        self.gids = gids
    }

    /// The container id of host id `id` in `ranges`; nil when no range holds it.
    package static func container(_ id: UInt32, in ranges: [Range]) -> UInt32? {
        for range in ranges where id >= range.hostID && id - range.hostID < range.size {
            return range.containerID + (id - range.hostID)
        }
        return nil
    }

    /// The host id of container id `id` in `ranges`; nil when no range holds it.
    package static func host(_ id: UInt32, in ranges: [Range]) -> UInt32? {
        for range in ranges where id >= range.containerID && id - range.containerID < range.size {
            return range.hostID + (id - range.containerID)
        }
        return nil
    }
}
