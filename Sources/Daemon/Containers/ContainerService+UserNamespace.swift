import Engine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ContainerService {
    /// Binds are not idmapped, so container root (a mapped host uid) could not write to a volume that
    /// host root owns. As dockerd's userns-remap keeps its volumes under the remapped root, a volume
    /// that is still empty and host root's is given to container root when a container with a user
    /// namespace takes it; a volume with content or another owner is left as it is.
    func giveFreshVolumes(_ names: [String], to spec: ContainerSpec) throws {
        guard let namespace = spec.userNamespace,
            let uid = UserNamespace.hostID(of: 0, in: namespace.uidMappings),
            let gid = UserNamespace.hostID(of: 0, in: namespace.gidMappings)
        else { return }
        for name in names {
            let path = volumes.mountpoint(of: name)
            var info = stat()
            guard stat(path, &info) == 0, info.st_uid == 0, info.st_gid == 0,
                (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true
            else { continue }
            guard chown(path, uid, gid) == 0 else {
                throw APIError.server(
                    "volume \(name): cannot give it to container root: \(String(cString: strerror(errno)))")
            }
        }
    }
}
