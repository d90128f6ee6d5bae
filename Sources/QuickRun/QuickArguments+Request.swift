import EngineAPI
import JSONCore

/// The body of `POST /containers/create`, field for field what the full CLI sends for the same
/// flags (CLITests decode it into EngineAPI's `ContainerCreateRequest` and compare it with the full
/// CLI's for every flag the quick path takes). Built as a JSON value, not through `Codable`: in a
/// small static executable, instantiating the generic metadata and conformances of Codable
/// encoding costs more than the rest of the client does.
extension QuickArguments {
    /// The create request; `environment` gives `-e NAME` its value (left out when it has none).
    package func createBody(environment: [String: String]) -> JSONValue {
        let attached = command == .run && !detach
        var config: [(key: String, value: JSONValue)] = []
        func add(_ key: String, _ value: JSONValue?) {
            if let value { config.append((key, value)) }
        }
        func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
        add("Image", .string(arguments[0]))
        let command = Array(arguments.dropFirst())
        add("Cmd", command.isEmpty ? nil : strings(command))
        add("Entrypoint", entrypoint.map { strings($0.isEmpty ? [] : [$0]) })
        let variables = env.compactMap { entry -> String? in
            if entry.contains("=") { return entry }
            return environment[entry].map { "\(entry)=\($0)" }
        }
        add("Env", variables.isEmpty ? nil : strings(variables))
        add("User", user.map { .string($0) })
        add("WorkingDir", workdir.map { .string($0) })
        add("Hostname", hostname.map { .string($0) })
        if !labels.isEmpty {
            // A repeated key keeps its last value, as the full CLI's dictionary does.
            var values: [String: String] = [:]
            var order: [String] = []
            for (key, value) in labels.map(Self.keyValue) {
                if values.updateValue(value, forKey: key) == nil { order.append(key) }
            }
            add("Labels", .object(order.map { ($0, .string(values[$0] ?? "")) }))
        }
        add("StopSignal", stopSignal == "TERM" ? nil : .string(stopSignal))
        add("StopTimeout", .number(String(stopTimeout)))
        for key in ["Tty", "OpenStdin", "StdinOnce", "AttachStdin"] { add(key, .bool(false)) }
        add("AttachStdout", .bool(attached))
        add("AttachStderr", .bool(attached))
        var host: [(key: String, value: JSONValue)] = []
        if let network { host.append(("NetworkMode", .string(network))) }
        if let pidsLimit { host.append(("PidsLimit", .number(String(pidsLimit)))) }
        if !capAdd.isEmpty { host.append(("CapAdd", strings(capAdd))) }
        if !capDrop.isEmpty { host.append(("CapDrop", strings(capDrop))) }
        if privileged { host.append(("Privileged", .bool(true))) }
        if readOnly { host.append(("ReadonlyRootfs", .bool(true))) }
        if initProcess { host.append(("Init", .bool(true))) }
        // The engine removes the container once it exited and the output was read (see QuickRun).
        if remove { host.append(("AutoRemove", .bool(true))) }
        add("HostConfig", .object(host))
        // A user-defined network is also named in NetworkingConfig, as the docker CLI sends it.
        if let network, NetworkingConfig.naming(network) != nil {
            add("NetworkingConfig", .object([("EndpointsConfig", .object([(network, .object([]))]))]))
        }
        return .object(config)
    }

    private static func keyValue(_ text: String) -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count == 2 ? parts[1] : "")
    }
}
