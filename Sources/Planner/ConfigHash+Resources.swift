import ComposeSpec
import Crypto
import Foundation

extension ConfigHash {
    /// The hash of a network's or volume's configuration, stored as `Labels.configHash` on it, so that a
    /// changed definition is noticed on the next `up`.
    package static func hash(of resource: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(resource)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
