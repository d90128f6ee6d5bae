import EngineAPI
import Foundation

/// `-v` and `--tmpfs` as the docker CLI sends them: `HostConfig.Binds` for bind mounts and named
/// volumes, `Config.Volumes` for anonymous ones, `HostConfig.Tmpfs` for tmpfs mounts.
extension ContainerCreateOptions {
    func applyVolumes(config: inout EngineAPI.ContainerConfig, host: inout HostConfig, context: RequestContext) throws {
        var binds: [String] = []
        var anonymous: [String: EmptyObject] = [:]
        for entry in volume {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard (1...3).contains(parts.count), !parts.contains(where: \.isEmpty) else {
                throw CommandError("-v \(entry): expected [SOURCE:]DESTINATION[:OPTIONS]")
            }
            let destination = parts.count == 1 ? parts[0] : parts[1]
            guard destination.hasPrefix("/") else {
                throw CommandError("-v \(entry): the destination \"\(destination)\" must be an absolute path")
            }
            if parts.count == 1 {
                anonymous[destination] = EmptyObject()
                continue
            }
            var resolved = parts
            resolved[0] = Self.bindSource(parts[0], workingDirectory: context.workingDirectory)
            binds.append(resolved.joined(separator: ":"))
        }
        host.binds = binds.isEmpty ? nil : binds
        config.volumes = anonymous.isEmpty ? nil : anonymous
        var mounts: [String: String] = [:]
        for entry in tmpfs {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard let destination = parts.first, destination.hasPrefix("/") else {
                throw CommandError("--tmpfs \(entry): expected an absolute DESTINATION[:OPTIONS]")
            }
            mounts[destination] = parts.count == 2 ? parts[1] : ""
        }
        host.tmpfs = mounts.isEmpty ? nil : mounts
    }

    /// A path source (`./data`, `../x`, `/srv`) made absolute; anything else names a volume.
    static func bindSource(_ source: String, workingDirectory: String) -> String {
        guard source == "." || source == ".." || source.hasPrefix("./") || source.hasPrefix("../") else {
            return source
        }
        return URL(fileURLWithPath: source, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true))
            .standardizedFileURL.path
    }
}
