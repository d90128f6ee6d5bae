extension NetworkManager {
    /// Removes a network without endpoints: its DNS server, rules, bridge and record.
    package func remove(_ reference: String) throws(NetworkError) {
        let record = try inspect(reference)
        guard record.endpoints.isEmpty else {
            let names = record.endpoints.values.map(\.containerName).sorted().joined(separator: ", ")
            throw NetworkError(.conflict, "network \(record.name) has active endpoints (\(names))")
        }
        try mutate { state throws(NetworkError) in
            guard state.networks[record.id]?.endpoints.isEmpty ?? true else {
                throw NetworkError(.conflict, "network \(record.name) has active endpoints")
            }
            state.networks[record.id] = nil
        }
        teardown(record)
    }

    /// Removes every network without endpoints whose labels include `labels`; returns their names.
    package func prune(labels: [String: String] = [:]) -> [String] {
        let unused = list().filter { record in
            record.endpoints.isEmpty && labels.allSatisfy { record.labels[$0.key] == $0.value }
        }
        return unused.compactMap { record in (try? remove(record.id)).map { record.name } }
    }
}
