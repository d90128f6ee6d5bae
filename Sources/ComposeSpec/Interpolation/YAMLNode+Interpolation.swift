extension YAMLNode {
    /// Returns a copy with variables substituted in every scalar value; mapping keys are left alone.
    ///
    /// A scalar holding a `$` becomes quoted text, so a value that came from a variable is read as a
    /// string and only later cast by the field that reads it. A scalar that fails keeps its text and adds
    /// an error (`.missingVariable` for `${V:?err}`, `.interpolation` otherwise). An unset variable without
    /// a default becomes a blank string and adds a warning (`.unsetVariable`), as compose warns.
    /// - Parameters:
    ///   - interpolator: the variables to substitute.
    ///   - path: this node's key path, e.g. `services.web`; empty for a document.
    ///   - diagnostics: where errors and unset-variable warnings are appended.
    /// - Returns: the tree with substituted values, at the same locations.
    package func interpolated(
        with interpolator: Interpolator, path: String, diagnostics: inout [SpecDiagnostic]
    ) -> YAMLNode {
        var copy = self
        switch kind {
        case .null:
            break
        case .scalar(let text):
            guard text.unicodeScalars.contains("$") else { break }
            copy.isQuoted = true
            copy.kind = .scalar(interpolatedText(text, with: interpolator, path: path, diagnostics: &diagnostics))
        case .mapping(let entries):
            copy.kind = .mapping(
                entries.map { entry in
                    let childPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
                    var entry = entry
                    entry.value = entry.value.interpolated(
                        with: interpolator, path: childPath, diagnostics: &diagnostics)
                    return entry
                })
        case .sequence(let items):
            copy.kind = .sequence(
                items.enumerated().map { index, item in
                    item.interpolated(with: interpolator, path: "\(path)[\(index)]", diagnostics: &diagnostics)
                })
        }
        return copy
    }

    /// Every variable referenced by a scalar value of this tree, one per name (the first occurrence in
    /// document order), sorted by name.
    package func variableReferences() -> [VariableReference] {
        var seen: Set<String> = []
        var result: [VariableReference] = []
        for reference in allReferences() where seen.insert(reference.name).inserted {
            result.append(reference)
        }
        return result.sorted { $0.name < $1.name }
    }

    private func allReferences() -> [VariableReference] {
        switch kind {
        case .null: []
        case .scalar(let text): Interpolator.references(in: text)
        case .mapping(let entries): entries.flatMap { $0.value.allReferences() }
        case .sequence(let items): items.flatMap { $0.allReferences() }
        }
    }

    private func interpolatedText(
        _ text: String, with interpolator: Interpolator, path: String, diagnostics: inout [SpecDiagnostic]
    ) -> String {
        do {
            var unset: [String] = []
            let result = try interpolator.substitute(text, unsetVariables: &unset)
            for name in unset {
                diagnostics.append(
                    SpecDiagnostic(
                        .unsetVariable, "the \"\(name)\" variable is not set, defaulting to a blank string",
                        at: location, path: path, severity: .warning))
            }
            return result
        } catch {
            if error.isMissingRequired {
                diagnostics.append(SpecDiagnostic(.missingVariable, error.message, at: location, path: path))
            } else {
                let message =
                    "invalid interpolation format in \(quotedForMessage(text)): "
                    + "you may need to escape any $ with another $"
                diagnostics.append(SpecDiagnostic(.interpolation, message, at: location, path: path))
            }
            return text
        }
    }

    private func quotedForMessage(_ text: String) -> String {
        "\"" + text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n") + "\""
    }
}
