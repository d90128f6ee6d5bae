/// A command line: a list of arguments, written in compose files as a list or as one string that is split
/// into words as a POSIX shell would (quotes and backslashes, no expansion), like compose-go's shellwords.
/// An absent command (`nil` where it is optional) differs from an empty one, which clears the image's.
public struct ShellCommand: Sendable, Hashable, Codable, ExpressibleByArrayLiteral {
    /// The arguments, the program first.
    public var arguments: [String]

    /// Creates a command from its arguments.
    public init(_ arguments: [String]) {
        self.arguments = arguments
    }

    public init(arrayLiteral elements: String...) {
        self.arguments = elements
    }

    /// Splits `line` into words. As in compose-go, an unquoted `;`, `&`, `|`, `<` or `>` ends the command
    /// (what follows is dropped), and an unclosed quote or a trailing backslash is an error.
    /// - Throws: `SpecError` (`.invalidValue`, without a place) when the line cannot be split.
    public init(parsing line: String) throws(SpecError) {
        var splitter = ShellWords()
        try splitter.split(line)
        self.arguments = splitter.words
    }

    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var arguments: [String] = []
            while !list.isAtEnd { arguments.append(try list.decode(String.self)) }
            self.init(arguments)
        } else {
            try self.init(parsing: decoder.singleValueContainer().decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for argument in arguments { try container.encode(argument) }
    }
}

/// The healthcheck test: `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`; a string `s` is read as
/// `["CMD-SHELL", s]`.
public struct HealthCheckTest: Sendable, Hashable, Codable, ExpressibleByArrayLiteral, CanonicalZero {
    /// The test, its kind first.
    public var arguments: [String]

    /// Creates a test from its words.
    public init(_ arguments: [String]) {
        self.arguments = arguments
    }

    public init(arrayLiteral elements: String...) {
        self.arguments = elements
    }

    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var arguments: [String] = []
            while !list.isAtEnd { arguments.append(try list.decode(String.self)) }
            self.init(arguments)
        } else {
            self.init(["CMD-SHELL", try decoder.singleValueContainer().decode(String.self)])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for argument in arguments { try container.encode(argument) }
    }

    package var isZero: Bool { arguments.isEmpty }
}

/// The word splitter behind `ShellCommand(parsing:)`, following mattn/go-shellwords 1.0.12 (which
/// compose-go uses) with environment and backtick expansion off.
struct ShellWords {
    private(set) var words: [String] = []
    private var word = ""
    private var hasWord = false
    private var isEscaped = false
    private var inSingle = false
    private var inDouble = false
    private var inBacktick = false
    private var inDollar = false

    private var isQuoted: Bool { inSingle || inDouble || inBacktick || inDollar }

    mutating func split(_ line: String) throws(SpecError) {
        for character in line.unicodeScalars {
            guard try consume(character) else { break }
        }
        if hasWord { words.append(word) }
        if isEscaped || isQuoted { throw SpecError.invalidValue("invalid command line string '\(line)'") }
    }

    /// Takes one character; false when it ends the command.
    private mutating func consume(_ character: Unicode.Scalar) throws(SpecError) -> Bool {
        if isEscaped {
            append(character)
            isEscaped = false
            return true
        }
        if character == "\\" {
            if inSingle { word.unicodeScalars.append(character) } else { isEscaped = true }
            return true
        }
        if character == " " || character == "\t" || character == "\r" || character == "\n" {
            if isQuoted {
                word.unicodeScalars.append(character)
            } else if hasWord {
                words.append(word)
                word = ""
                hasWord = false
            }
            return true
        }
        return try consumeSpecial(character)
    }

    private mutating func consumeSpecial(_ character: Unicode.Scalar) throws(SpecError) -> Bool {
        switch character {
        case "`" where !inSingle && !inDouble && !inDollar:
            inBacktick.toggle()
        case ")" where !inSingle && !inDouble && !inBacktick:
            inDollar.toggle()
        case "(" where !inSingle && !inDouble && !inBacktick:
            guard !inDollar && word.hasSuffix("$") else { throw SpecError.invalidValue("invalid command line string") }
            inDollar = true
        case "\"" where !inSingle && !inDollar:
            if inDouble { hasWord = true }
            inDouble.toggle()
            return true
        case "'" where !inDouble && !inDollar:
            if inSingle { hasWord = true }
            inSingle.toggle()
            return true
        case ";", "&", "|", "<", ">":
            if !isQuoted { return endCommand(at: character) }
        default:
            break
        }
        append(character)
        return true
    }

    /// An operator ends the command; a redirection such as `2>` takes its file descriptor word with it.
    private mutating func endCommand(at character: Unicode.Scalar) -> Bool {
        if character == ">", let first = word.unicodeScalars.first, ("0"..."9").contains(first) {
            hasWord = false
        }
        return false
    }

    private mutating func append(_ character: Unicode.Scalar) {
        word.unicodeScalars.append(character)
        hasWord = true
    }
}
