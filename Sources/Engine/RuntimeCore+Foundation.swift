// The Engine re-exports RuntimeCore, so its users see one module; what needs Foundation lives here.
import Foundation
@_exported import RuntimeCore

extension OCIBundle {
    /// Writes config.json into the bundle folder atomically (temporary file, then rename).
    package func write() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = URL(fileURLWithPath: directory).appendingPathComponent("config.json")
        do {
            try encoder.encode(config).write(to: url, options: .atomic)
        } catch {
            throw EngineError(.systemCall, "bundle \(directory): cannot write config.json", cause: error)
        }
    }
}

extension SeccompProfile {
    /// Decodes a profile held in `Data`.
    package init(json: Data, source: String) throws {
        try self.init(json: [UInt8](json), source: source)
    }
}
