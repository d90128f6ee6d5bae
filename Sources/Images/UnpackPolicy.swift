import Foundation

/// What an unpack may create in its target folder.
package struct UnpackPolicy: Sendable {
    /// Create character and block device nodes (root only); when false, a device entry fails the unpack.
    package var allowDeviceNodes: Bool
    /// Apply the entries' uid/gid (root only); when false, files belong to the unpacking user.
    package var applyOwnership: Bool
    /// Turn `.wh.NAME` and `.wh..wh..opq` into overlayfs whiteouts; when false they are refused.
    package var overlayWhiteouts: Bool

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
