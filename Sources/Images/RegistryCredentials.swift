import Foundation

/// A user name and password (or token) for one registry.
package struct RegistryCredentials: Sendable, Equatable {
    /// The user name.
    package var username: String
    /// The password or identity token.
    package var password: String

    /// Makes credentials.
    package init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// `Basic base64(user:password)`.
    var basicHeader: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

    /// The credentials for `domain` in a Docker config file's `auths` (base64 `user:password` in `auth`), or nil.
    /// Docker Hub is also looked up under its legacy key `https://index.docker.io/v1/`.
    package static func fromDockerConfig(domain: String, path: String? = nil) -> RegistryCredentials? {
        let file = path ?? Self.defaultConfigPath
        guard let data = FileManager.default.contents(atPath: file),
            let config = try? JSONDecoder().decode(DockerConfigFile.self, from: data), let auths = config.auths
        else { return nil }
        var keys = [domain, "https://" + domain, "http://" + domain]
        if domain == ImageReference.defaultDomain { keys += ["https://index.docker.io/v1/", "index.docker.io"] }
        for key in keys {
            guard let encoded = auths[key]?.auth, let decoded = Data(base64Encoded: encoded) else { continue }
            let text = String(decoding: decoded, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { continue }
            return RegistryCredentials(
                username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        }
        return nil
    }

    /// `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    static var defaultConfigPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["DOCKER_CONFIG"] { return folder + "/config.json" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.docker/config.json"
    }
}

private struct DockerConfigFile: Decodable {
    struct Entry: Decodable { var auth: String? }
    var auths: [String: Entry]?
}

/// A parsed `WWW-Authenticate` header: scheme and its parameters.
struct AuthChallenge: Equatable {
    var scheme: String
    var parameters: [String: String]

    /// Parses `Bearer realm="...",service="...",scope="..."` (quoted or bare values).
    init?(_ header: String) {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else {
            guard !trimmed.isEmpty else { return nil }
            scheme = trimmed.lowercased()
            parameters = [:]
            return
        }
        scheme = trimmed[..<space].lowercased()
        var parameters: [String: String] = [:]
        var rest = trimmed[trimmed.index(after: space)...]
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: " ,")).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = rest[..<end]
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            parameters[key] = String(value)
        }
        self.parameters = parameters
    }
}
