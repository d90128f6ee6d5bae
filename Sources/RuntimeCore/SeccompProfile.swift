import JSONCore

/// A seccomp profile in Docker's JSON format (moby profiles/seccomp), which also reads the OCI
/// `linux.seccomp` form (`architectures`, rules without includes/excludes) and the old `name` form.
package struct SeccompProfile: Codable, Sendable, Hashable {
    /// An `archMap` entry: a native architecture and the ones its filter also covers.
    package struct ArchitectureMap: Codable, Sendable, Hashable {
        package var architecture: String
        package var subArchitectures: [String]?
    }

    /// A condition on one syscall argument.
    package struct Argument: Codable, Sendable, Hashable {
        package var index: UInt32
        package var value: UInt64
        package var valueTwo: UInt64?
        package var op: String
    }

    /// When a rule applies: every listed capability present, the native architecture listed.
    /// `minKernel` is read and ignored: every kernel berth supports is newer than the profile's floors.
    package struct Filter: Codable, Sendable, Hashable {
        package var caps: [String]?
        package var arches: [String]?
        package var minKernel: String?
    }

    /// An entry of `syscalls`.
    package struct Rule: Codable, Sendable, Hashable {
        package var names: [String]?
        package var name: String?
        package var action: String
        package var errnoRet: UInt32?
        package var args: [Argument]?
        package var includes: Filter?
        package var excludes: Filter?
        package var comment: String?

        package init(names: [String], action: String, errnoRet: UInt32? = nil, args: [Argument]? = nil) {
            self.names = names
            self.action = action
            self.errnoRet = errnoRet
            self.args = args
        }

        /// `names`, or the old single `name`.
        package var allNames: [String] { (names ?? []) + (name.map { [$0] } ?? []) }
    }

    package var defaultAction: String
    package var defaultErrnoRet: UInt32?
    package var architectures: [String]?
    package var archMap: [ArchitectureMap]?
    package var syscalls: [Rule]?

    package init(
        defaultAction: String, defaultErrnoRet: UInt32? = nil, architectures: [String]? = nil, syscalls: [Rule]
    ) {
        self.defaultAction = defaultAction
        self.defaultErrnoRet = defaultErrnoRet
        self.architectures = architectures
        self.syscalls = syscalls
    }

    /// Docker's default profile, decoded once from the embedded JSON.
    package static let dockerDefault: SeccompProfile = {
        do {
            return try SeccompProfile(json: Array(dockerDefaultJSON.utf8), source: "the embedded default profile")
        } catch {
            preconditionFailure("the embedded seccomp profile does not decode: \(error)")
        }
    }()

    /// Decodes a profile; a malformed one is an `invalidSpec` error naming `source` and the field.
    package init(json: [UInt8], source: String) throws {
        do {
            self = try JSONValueDecoder.decode(SeccompProfile.self, from: json)
        } catch let error as DecodingError {
            throw EngineError(.invalidSpec, "seccomp profile \(source): \(Self.describe(error))")
        }
        try validate(source: source)
    }

    /// Reads a profile from a file (`--security-opt seccomp=FILE`).
    package init(path: String) throws {
        let data: [UInt8]
        do {
            data = try readFileBytes(path)
        } catch {
            throw EngineError(.notFound, "seccomp profile \(path): cannot read it", cause: error)
        }
        try self.init(json: data, source: path)
    }

    /// Checks actions, operators and that every rule names a syscall.
    package func validate(source: String) throws {
        func fail(_ field: String, _ text: String) -> EngineError {
            EngineError(.invalidSpec, "seccomp profile \(source): \(field): \(text)")
        }
        guard SeccompFilter.actions.keys.contains(defaultAction) else {
            throw fail("defaultAction", "unknown action \"\(defaultAction)\"")
        }
        for (index, rule) in (syscalls ?? []).enumerated() {
            let field = "syscalls[\(index)]"
            guard !rule.allNames.isEmpty else { throw fail(field + ".names", "no syscall named") }
            guard SeccompFilter.actions.keys.contains(rule.action) else {
                throw fail(field + ".action", "unknown action \"\(rule.action)\"")
            }
            for (position, argument) in (rule.args ?? []).enumerated() {
                guard SeccompFilter.operators.keys.contains(argument.op) else {
                    throw fail("\(field).args[\(position)].op", "unknown operator \"\(argument.op)\"")
                }
                guard argument.index < 6 else {
                    throw fail("\(field).args[\(position)].index", "\(argument.index) is not an argument index (0-5)")
                }
            }
        }
    }

    /// The profile as it applies to a container with `capabilities` on `nativeArchitecture` (Go's
    /// name: amd64, arm64): includes/excludes evaluated and dropped, `archMap` turned into the list of
    /// `architectures` (OCI `linux.seccomp` form, which runc and crun read).
    package func resolved(capabilities: [String], nativeArchitecture: String = SeccompProfile.nativeArchitecture)
        -> SeccompProfile
    {
        let caps = Set(capabilities)
        let rules = (syscalls ?? []).compactMap { rule -> Rule? in
            if let includes = rule.includes {
                if let required = includes.caps, !required.allSatisfy(caps.contains) { return nil }
                if let arches = includes.arches, !arches.contains(nativeArchitecture) { return nil }
            }
            if let excludes = rule.excludes {
                if let excluded = excludes.caps, excluded.contains(where: caps.contains) { return nil }
                if let arches = excludes.arches, arches.contains(nativeArchitecture) { return nil }
            }
            var kept = Rule(names: rule.allNames, action: rule.action, errnoRet: rule.errnoRet, args: rule.args)
            if kept.args?.isEmpty == true { kept.args = nil }
            return kept
        }
        var result = SeccompProfile(
            defaultAction: defaultAction, defaultErrnoRet: defaultErrnoRet, architectures: architectures,
            syscalls: rules)
        if let archMap {
            let native = Self.libseccompArchitecture(nativeArchitecture)
            if let entry = archMap.first(where: { $0.architecture == native }) {
                result.architectures = [entry.architecture] + (entry.subArchitectures ?? [])
            }
        }
        return result
    }

    /// The running architecture in Go's spelling, as profiles' `arches` use it.
    package static var nativeArchitecture: String {
        #if arch(x86_64)
            "amd64"
        #elseif arch(arm64)
            "arm64"
        #else
            "unknown"
        #endif
    }

    /// Go's architecture name to libseccomp's `SCMP_ARCH_` name.
    static func libseccompArchitecture(_ goArchitecture: String) -> String {
        switch goArchitecture {
        case "amd64": "SCMP_ARCH_X86_64"
        case "arm64": "SCMP_ARCH_AARCH64"
        case "386": "SCMP_ARCH_X86"
        default: "SCMP_ARCH_" + goArchitecture.uppercased()
        }
    }

    /// "syscalls[3].action: expected a string" from a DecodingError.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "(top level)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let prefix = path(context.codingPath)
            return (prefix == "(top level)" ? "" : prefix + ".") + key.stringValue + ": missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)): expected \(type)"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// How a spec keeps its seccomp profile when encoded (container records): Docker's default profile as
/// the marker `"docker-default"`, any other profile whole. The default is tens of kilobytes of JSON
/// that every record save and load would otherwise encode and decode. Records written whole decode
/// as before; config.json is written from `OCIConfig`, which never uses the marker.
@propertyWrapper
package struct StoredSeccompProfile: Sendable, Hashable, Codable {
    package var wrappedValue: SeccompProfile?
    static let dockerDefaultMarker = "docker-default"

    package init(wrappedValue: SeccompProfile?) { self.wrappedValue = wrappedValue }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            wrappedValue = nil
        } else if let marker = try? container.decode(String.self) {
            guard marker == Self.dockerDefaultMarker else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "unknown seccomp profile \"\(marker)\"")
            }
            wrappedValue = .dockerDefault
        } else {
            wrappedValue = try container.decode(SeccompProfile.self)
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch wrappedValue {
        case nil: try container.encodeNil()
        case .some(let profile) where profile == .dockerDefault: try container.encode(Self.dockerDefaultMarker)
        case .some(let profile): try container.encode(profile)
        }
    }
}

extension KeyedDecodingContainer {
    /// A missing key is no profile (unconfined), as for a plain optional.
    package func decode(_ type: StoredSeccompProfile.Type, forKey key: Key) throws -> StoredSeccompProfile {
        try decodeIfPresent(type, forKey: key) ?? StoredSeccompProfile(wrappedValue: nil)
    }
}
