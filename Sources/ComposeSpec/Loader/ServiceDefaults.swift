/// Defaults compose-go fills in whether or not the project is normalised: a service secret without a
/// target is mounted at `/run/secrets/<source>`.
enum ServiceDefaults {
    static func apply(to document: YAMLNode) -> YAMLNode {
        guard let services = document["services"]?.entries else { return document }
        var resolved = document["services"] ?? document
        for entry in services {
            guard let secrets = entry.value["secrets"]?.items else { continue }
            var service = entry.value
            var list = entry.value["secrets"] ?? service
            list.kind = .sequence(
                secrets.map { secret in
                    guard secret["target"] == nil, let source = secret["source"]?.scalar else { return secret }
                    var secret = secret
                    secret["target"] = .scalar("/run/secrets/\(source)", at: secret.location)
                    return secret
                })
            service["secrets"] = list
            resolved[entry.key] = service
        }
        var result = document
        result["services"] = resolved
        return result
    }
}
