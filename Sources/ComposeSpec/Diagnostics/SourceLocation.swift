import Synchronization

/// Where a value came from: a file, a 1-based line and column, and the key path inside the document
/// (`services.web.ports[1]`).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as an index into `SourceFiles`: every node of a tree carries a location and trees are
    /// copied often, so a plain number avoids reference counting a path string on every copy.
    private var fileID: Int32
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.init(fileID: SourceFiles.id(of: file), line: line, column: column)
    }

    init(fileID: Int32, line: Int, column: Int) {
        self.fileID = fileID
        self.line = line
        self.column = column
    }

    /// The file's path (or an origin such as `--project-name` for values from elsewhere).
    public var file: String {
        get { SourceFiles.name(of: fileID) }
        set { fileID = SourceFiles.id(of: newValue) }
    }

    /// The same file at another line and column.
    func moved(line: Int, column: Int) -> SourceLocation {
        SourceLocation(fileID: fileID, line: line, column: column)
    }

    /// A location for values that have no place in a file (command-line flags, defaults).
    public static func synthetic(_ origin: String) -> SourceLocation {
        SourceLocation(file: origin, line: 0, column: 0)
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}

/// The names of the files locations point into, interned once per process.
enum SourceFiles {
    private static let table = Mutex<(names: [String], ids: [String: Int32])>(([], [:]))

    static func id(of name: String) -> Int32 {
        table.withLock { table in
            if let id = table.ids[name] { return id }
            let id = Int32(table.names.count)
            table.names.append(name)
            table.ids[name] = id
            return id
        }
    }

    static func name(of id: Int32) -> String {
        table.withLock { table in Int(id) < table.names.count ? table.names[Int(id)] : "" }
    }
}
