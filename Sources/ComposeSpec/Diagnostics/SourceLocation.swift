/// Where a value came from: a file, a 1-based line and column, and the key path inside the document
/// (`services.web.ports[1]`).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location for values that have no place in a file (command-line flags, defaults).
    public static func synthetic(_ origin: String) -> SourceLocation {
        SourceLocation(file: origin, line: 0, column: 0)
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
