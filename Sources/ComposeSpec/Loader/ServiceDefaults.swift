/// Defaults compose-go fills in whether or not the project is normalised: a service secret without a
/// target is mounted at `/run/secrets/<source>`.
enum ServiceDefaults {
    static func apply(to document: YAMLNode) -> YAMLNode {
        document.updatingSection("services") { entry in
            guard var list = entry.value["secrets"], let secrets = list.items else { return entry.value }
            list.kind = .sequence(
                secrets.map { secret in
                    guard secret["target"] == nil, let source = secret["source"]?.scalar else { return secret }
                    var secret = secret
                    secret["target"] = .scalar("/run/secrets/\(source)", at: secret.location)
                    return secret
                })
            var service = entry.value
            service["secrets"] = list
            return service
        }
    }
}
