/// An SSH agent socket or key made available to a build: `default`, or `ID=PATH`.
public struct SSHKey: Sendable, Equatable, Codable {
    /// The key's ID (`default` for the agent).
    public var id: String
    /// The socket or key file, when not the default agent.
    public var path: String?

    /// Creates a key.
    public init(id: String, path: String? = nil) {
        self.id = id
        self.path = path
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let separator = text.firstIndex(of: "=") else {
            self.init(id: text)
            return
        }
        self.init(id: String(text[..<separator]), path: String(text[text.index(after: separator)...]))
    }

    /// Written as `ID` or `ID=PATH`, which reads back as the same key. (compose-go writes `ID: PATH`,
    /// which does not, and is not even valid in its JSON output.)
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(path.map { "\(id)=\($0)" } ?? id)
    }
}
