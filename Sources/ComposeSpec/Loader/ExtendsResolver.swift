/// Applies `extends` to every service of one file: the base service (from the same file or another one,
/// whose relative paths are resolved against its own folder) is resolved first, then the local
/// definition is merged over it by the service merge rules.
struct ExtendsResolver {
    let loader: ProjectLoader
    let context: FileContext

    private struct Reference: Equatable {
        var file: String
        var service: String
    }

    func apply(to document: YAMLNode, file: String, warnings: inout [SpecDiagnostic]) throws(SpecError) -> YAMLNode {
        guard let services = document["services"]?.entries,
            services.contains(where: { $0.value["extends"] != nil })
        else { return document }
        var result = document
        var resolved = document["services"] ?? .mapping([], at: document.location)
        for entry in services where entry.value["extends"] != nil {
            resolved[entry.key] = try resolve(
                entry.key, in: document, file: file, chain: [], warnings: &warnings)
        }
        result["services"] = resolved
        return result
    }

    private func resolve(
        _ name: String, in document: YAMLNode, file: String, chain: [Reference], warnings: inout [SpecDiagnostic]
    ) throws(SpecError) -> YAMLNode {
        let here = Reference(file: file, service: name)
        guard let service = document["services"]?[name] else {
            let origin = chain.last.map { "cannot extend service \"\($0.service)\" in \($0.file): " } ?? ""
            throw SpecError(
                SpecDiagnostic(
                    .undefinedReference, "\(origin)service \"\(name)\" not found in \(file)",
                    at: document.location, path: "services"))
        }
        guard let extends = service["extends"] else { return service }
        if chain.contains(here) {
            let cycle = (chain + [here]).map { "\($0.service) (\($0.file))" }.joined(separator: " -> ")
            throw SpecError(
                SpecDiagnostic(
                    .cycle, "circular extends: \(cycle)", at: extends.location, path: "services.\(name).extends"))
        }
        guard let baseName = extends["service"]?.scalar ?? extends.scalar else {
            throw SpecError(
                SpecDiagnostic(
                    .missingKey, "extends needs a service", at: extends.location, path: "services.\(name).extends"))
        }
        var baseDocument = document
        var baseFile = file
        if let other = extends["file"]?.scalar {
            baseFile = other
            var baseContext = context
            baseContext.baseDirectory = PathResolver.directory(of: other)
            baseDocument = try loader.processFile(other, context: baseContext, prepareOnly: true, warnings: &warnings)
        }
        let base = try resolve(baseName, in: baseDocument, file: baseFile, chain: chain + [here], warnings: &warnings)
        var local = service
        local["extends"] = nil
        var merged = Merge.mergeService(base, local)
        merged["extends"] = nil
        return merged
    }
}
