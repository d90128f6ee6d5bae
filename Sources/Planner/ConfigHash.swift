import ComposeSpec
import Crypto
import Foundation

/// The config hash of a service: a sha256 of its canonical JSON (keys sorted), without the fields that
/// must not make its containers be recreated. Stored on containers as `Labels.configHash`.
public enum ConfigHash {
    /// The hash as 64 lower-case hex digits.
    public static func hash(of service: Service) throws -> String {
        let data = try canonicalData(of: service)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The hash of `service` as deployed in `project`: inline and environment content of the configs and
    /// secrets it uses counts too (it is copied into the container, so a change must recreate it). A
    /// service without such content hashes as `hash(of:)` does.
    public static func hash(of service: Service, in project: Project) throws -> String {
        var data = try canonicalData(of: service)
        var contents: [String: String] = [:]
        for (kind, references, objects) in [
            ("secret", service.secrets, project.secrets), ("config", service.configs, project.configs),
        ] {
            for reference in references ?? [] {
                guard let name = reference.source, let content = objects[name]?.content else { continue }
                contents["\(kind):\(name)"] = content
            }
        }
        if !contents.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            data += try encoder.encode(contents)
        }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes that are hashed, for tests and `--debug` output.
    static func canonicalData(of service: Service) throws -> Data {
        var relevant = service
        // Docker Compose leaves these out too: they change how many containers there are, how the image is
        // obtained or in which order things start, not what a container is.
        relevant.build = nil
        relevant.pullPolicy = nil
        relevant.scale = nil
        relevant.deploy?.replicas = nil
        if relevant.deploy == DeployConfig() { relevant.deploy = nil }
        relevant.dependsOn = nil
        relevant.profiles = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(relevant)
    }
}
