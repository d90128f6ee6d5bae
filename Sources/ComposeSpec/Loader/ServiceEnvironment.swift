import Foundation

/// Resolves what each service's container will see: `env_file`s read in order into `environment` (the
/// service's own `environment` wins), bare `KEY` entries filled from the project's variables, and
/// `label_file`s read into `labels` likewise.
struct ServiceEnvironment {
    let environment: [String: String]

    func resolve(_ document: YAMLNode, diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        document.updatingSection("services") { entry in
            let path = "services.\(entry.key)"
            let service = resolveEnvironment(entry.value, path: path, diagnostics: &diagnostics)
            return resolveLabels(service, path: path, diagnostics: &diagnostics)
        }
    }

    private func resolveEnvironment(
        _ service: YAMLNode, path: String, diagnostics: inout [SpecDiagnostic]
    ) -> YAMLNode {
        var values: [YAMLNode.Entry] = []
        for (index, file) in (service["env_file"]?.items ?? []).enumerated() {
            guard let filePath = file["path"]?.scalar else { continue }
            let required = file["required"]?.boolValue ?? true
            let raw = file["format"]?.scalar == "raw"
            let itemPath = "\(path).env_file[\(index)]"
            for (key, value) in read(filePath, raw: raw, required: required, at: file, path: itemPath, &diagnostics) {
                set(&values, key, .scalar(value, at: file.location))
            }
        }
        guard let own = service["environment"] ?? (values.isEmpty ? nil : YAMLNode.mapping([], at: service.location))
        else { return service }
        for entry in own.entries ?? [] {
            var value = entry.value
            if value.isNull, let inherited = environment[entry.key] {
                value = .scalar(inherited, at: value.location)
            }
            set(&values, entry.key, value)
        }
        var result = service
        var node = own
        node.kind = .mapping(values)
        result["environment"] = node
        return result
    }

    private func resolveLabels(_ service: YAMLNode, path: String, diagnostics: inout [SpecDiagnostic]) -> YAMLNode {
        guard let files = service["label_file"] else { return service }
        var values: [YAMLNode.Entry] = []
        let list = files.items ?? [files]
        for (index, file) in list.enumerated() {
            guard let filePath = file.scalar else { continue }
            let itemPath = "\(path).label_file[\(index)]"
            for (key, value) in read(filePath, raw: false, required: true, at: file, path: itemPath, &diagnostics) {
                set(&values, key, .scalar(value, at: file.location))
            }
        }
        for entry in service["labels"]?.entries ?? [] {
            set(&values, entry.key, entry.value)
        }
        var result = service
        result["labels"] = .mapping(values, at: service["labels"]?.location ?? files.location)
        return result
    }

    private func set(_ values: inout [YAMLNode.Entry], _ key: String, _ value: YAMLNode) {
        if let index = values.firstIndex(where: { $0.key == key }) {
            values[index].value = value
        } else {
            values.append(YAMLNode.Entry(key: key, keyLocation: value.location, value: value))
        }
    }

    private func read(
        _ file: String, raw: Bool, required: Bool, at node: YAMLNode, path: String,
        _ diagnostics: inout [SpecDiagnostic]
    ) -> [(key: String, value: String)] {
        guard FileManagerProbe.isFile(file) else {
            if required {
                diagnostics.append(
                    SpecDiagnostic(
                        .missingFile, "env file \(file) not found (set `required: false` to make it optional)",
                        at: node.location, path: path))
            }
            return []
        }
        if raw { return Self.readRaw(file) }
        do {
            return try ProjectEnvironment.readEnvFile(file, lookup: environment)
        } catch {
            diagnostics += error.diagnostics
            return []
        }
    }

    /// `format: raw`: every `KEY=VALUE` line taken literally, no quotes, escapes or variables.
    static func readRaw(_ file: String) -> [(key: String, value: String)] {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else {
                return nil
            }
            return (String(trimmed[..<equals]), String(trimmed[trimmed.index(after: equals)...]))
        }
    }
}
