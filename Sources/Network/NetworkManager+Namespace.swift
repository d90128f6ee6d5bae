import CNetwork
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension NetworkManager {
    /// Creates the persistent network namespace of a container, `runRoot/netns/<id>`, with lo up;
    /// the container runtime joins it at start.
    package func createNamespace(containerID: String) throws(NetworkError) -> String {
        guard !containerID.isEmpty, !containerID.contains("/"), containerID != ".", containerID != ".." else {
            throw NetworkError(.invalidArgument, "container id \"\(containerID)\": not a valid file name")
        }
        let directory = "\(runRoot)/netns"
        let path = "\(directory)/\(containerID)"
        do {
            try sharedMount(directory)
            let fd = try systemCall("open", path: path) { open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444) }
            close(fd)
        } catch {
            throw NetworkError(.systemCall, "container \(containerID): cannot create namespace file", cause: error)
        }
        do {
            try systemCall("netns create", path: path) { cnetwork_netns_create(path) }
            try RouteNetlink(netnsPath: path).setUp(index: 1, name: "lo")
        } catch {
            removeNamespace(containerID: containerID)
            if let error = error as? NetworkError { throw error }
            throw NetworkError(.systemCall, "container \(containerID): cannot create network namespace", cause: error)
        }
        return path
    }

    /// Unmounts and deletes the namespace file; the kernel frees the namespace (and the veth
    /// ends still in it) when nothing else holds it. Missing files are fine.
    package func removeNamespace(containerID: String) {
        let path = "\(runRoot)/netns/\(containerID)"
        _ = umount2(path, Int32(MNT_DETACH))
        _ = unlink(path)
    }

    /// Makes `directory` a shared mount point once (as iproute2 does for /run/netns) so that a
    /// namespace file unmounted here is unmounted in mount namespaces copied from ours too.
    private func sharedMount(_ directory: String) throws(SystemCallError) {
        let marker = "\(directory)/.shared"
        if access(marker, F_OK) == 0 { return }
        try systemCall("mount --make-shared", path: directory) { cnetwork_make_shared_mount(directory) }
        let fd = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0o444)
        if fd >= 0 { close(fd) }
    }
}

extension NetworkManager {
    /// Everything a removed container leaves: its published ports, its endpoints on every
    /// network (addresses freed, names out of DNS) and its namespace file. Best effort: it goes
    /// on after a failure and throws the first error at the end.
    package func removeContainer(containerID: String) throws(NetworkError) {
        var firstError: NetworkError?
        do { try unpublish(containerID: containerID) } catch { firstError = firstError ?? error }
        for endpoint in endpoints(containerID: containerID) {
            do { try disconnect(containerID: containerID, network: endpoint.networkID) } catch {
                firstError = firstError ?? error
            }
        }
        removeNamespace(containerID: containerID)
        if let firstError { throw firstError }
    }
}
