import Crypto
import Foundation

/// A content digest, `sha256:<64 lower-case hex>`; the only algorithm this store keeps.
package struct ImageDigest: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The 64 hex characters after `sha256:`.
    package let hex: String

    /// Validates `sha256:<64 hex>`.
    package init(_ text: String) throws(ImageError) {
        guard text.hasPrefix("sha256:") else {
            throw ImageError(.invalidContent, "digest \(text): only sha256 digests are supported")
        }
        let hex = String(text.dropFirst(7))
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw ImageError(.invalidContent, "digest \(text): expected 64 lower-case hex characters after sha256:")
        }
        self.hex = hex
    }

    private init(hex: String) { self.hex = hex }

    /// The digest of `bytes`.
    package static func of<Bytes: DataProtocol>(_ bytes: Bytes) -> ImageDigest {
        ImageDigest(
            hasher: {
                var hasher = SHA256(); hasher.update(data: bytes); return hasher
            }())
    }

    /// The digest a finished hasher holds.
    package init(hasher: SHA256) {
        self.init(hex: hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// `sha256:<hex>`.
    package var description: String { "sha256:" + hex }

    /// The first 12 hex characters, as Docker shows image IDs.
    package var short: String { String(hex.prefix(12)) }

    /// Orders by text.
    package static func < (lhs: ImageDigest, rhs: ImageDigest) -> Bool { lhs.hex < rhs.hex }

    /// Decodes from `sha256:<hex>` text.
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    /// Encodes as `sha256:<hex>` text.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The chain ID of a stack of layers (bottom first): chain(1) = diff(1), chain(n) = sha256(chain(n-1) + " " + diff(n)).
    package static func chainIDs(of diffIDs: [ImageDigest]) -> [ImageDigest] {
        var chain: [ImageDigest] = []
        for diffID in diffIDs {
            if let last = chain.last {
                chain.append(.of(Array("\(last) \(diffID)".utf8)))
            } else {
                chain.append(diffID)
            }
        }
        return chain
    }
}
