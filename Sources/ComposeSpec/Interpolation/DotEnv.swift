/// Reads `.env` files (the project's `.env` and a service's `env_file`) with compose-go's rules.
package enum DotEnv {
    /// Parses `text` into its assignments, in the order their keys first appear (a repeated key keeps its
    /// first place and takes its last value).
    ///
    /// Rules: `KEY=value`, `KEY: value`, an optional `export ` prefix, `#` comment lines and blank lines.
    /// Unquoted values end at the line's end or at ` #`, are trimmed and interpolated. Single-quoted
    /// values are literal (`\'` escapes the quote). Double-quoted values may span lines, understand
    /// `\a \b \f \n \r \t \v \" \\ \$` and `\0ooo`, and are interpolated. A bare `KEY` takes its value
    /// from `lookup` and is left out when `lookup` has none. Interpolation reads `lookup` first, then the
    /// keys defined earlier in the file.
    /// - Parameters:
    ///   - text: the file's contents; a leading UTF-8 byte order mark is ignored.
    ///   - file: the file's name, for diagnostics.
    ///   - lookup: the variables of the environment, e.g. the process environment.
    /// - Returns: the keys and their values; a bare key that `lookup` lacks is left out.
    /// - Throws: a `SpecError` with one diagnostic at the offending line and column.
    package static func parse(
        _ text: String, file: String, lookup: (String) -> String?
    ) throws(SpecError) -> [(key: String, value: String)] {
        var parser = DotEnvParser(text, file: file)
        return try parser.parse(lookup: lookup)
    }
}

private struct DotEnvParser {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var pairs: [(key: String, value: String)] = []
    private var values: [String: String] = [:]
    private var positions: [String: Int] = [:]

    init(_ text: String, file: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
        self.file = file
    }

    mutating func parse(lookup: (String) -> String?) throws(SpecError) -> [(key: String, value: String)] {
        while skipToStatement() {
            try parseStatement(lookup: lookup)
        }
        return pairs
    }

    /// Moves past blank space and comment lines; false at the end of the text.
    private mutating func skipToStatement() -> Bool {
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "#" {
                index = scalars[index...].firstIndex(of: "\n") ?? scalars.count
            } else if scalar.properties.isWhitespace {
                index += 1
            } else {
                return true
            }
        }
        return false
    }

    private mutating func parseStatement(lookup: (String) -> String?) throws(SpecError) {
        if hasExportPrefix() {
            index = skipInlineSpace(from: index + 6)
        }
        let keyStart = index
        var end = index
        while end < scalars.count, !["=", ":", "\n"].contains(scalars[end]) {
            let scalar = scalars[end]
            guard Self.isInlineSpace(scalar) || Self.isKeyCharacter(scalar) else {
                let name = text(keyStart..<(scalars[keyStart...].firstIndex(of: "\n") ?? scalars.count))
                throw failure("unexpected character \"\(scalar)\" in variable name \"\(name)\"", at: end, key: "")
            }
            end += 1
        }
        let key = Self.trimmedRight(text(keyStart..<end))
        guard !key.contains(" ") else {
            throw failure("key cannot contain a space: \"\(key)\"", at: keyStart, key: "")
        }
        // A bare `KEY` line inherits the value. compose-go reads a bare key on the last line without a
        // newline as the value of an empty key; we treat it like any other bare key.
        guard end < scalars.count, scalars[end] != "\n" else {
            if let value = lookup(key) { assign(value, to: key) }
            index = min(end + 1, scalars.count)
            return
        }
        let valueStart = skipInlineSpace(from: end + 1)
        let (value, next) = try readValue(at: valueStart, key: key, lookup: lookup)
        assign(value, to: key)
        index = next
    }

    private mutating func assign(_ value: String, to key: String) {
        values[key] = value
        if let position = positions[key] {
            pairs[position].value = value
        } else {
            positions[key] = pairs.count
            pairs.append((key: key, value: value))
        }
    }

    /// `export` followed by white space (compose-go's `^export\s+`).
    private func hasExportPrefix() -> Bool {
        let word: [Unicode.Scalar] = ["e", "x", "p", "o", "r", "t"]
        guard index + word.count < scalars.count, Array(scalars[index..<(index + word.count)]) == word else {
            return false
        }
        return ["\t", "\n", "\u{0C}", "\r", " "].contains(scalars[index + word.count])
    }

    // MARK: Values

    private func readValue(
        at start: Int, key: String, lookup: (String) -> String?
    ) throws(SpecError) -> (String, Int) {
        guard start < scalars.count, scalars[start] == "\"" || scalars[start] == "'" else {
            let lineEnd = scalars[start...].firstIndex(of: "\n") ?? scalars.count
            var end = lineEnd
            // An inline comment starts at ` #`; `a#b` keeps its `#`.
            if let space = (start..<lineEnd).first(where: {
                $0 + 1 < lineEnd && scalars[$0] == " " && scalars[$0 + 1] == "#"
            }) {
                end = space
            }
            let raw = Self.trimmedRight(text(start..<end))
            let value = try interpolate(raw, at: start, key: key, lookup: lookup)
            return (value, min(lineEnd + 1, scalars.count))
        }
        let quote = scalars[start]
        var content = String.UnicodeScalarView()
        var isEscaped = false
        for position in (start + 1)..<scalars.count {
            let scalar = scalars[position]
            if scalar == quote && !isEscaped {
                let raw = String(content)
                guard quote == "\"" else { return (raw, position + 1) }
                return (try interpolate(Self.expandingEscapes(raw), at: start, key: key, lookup: lookup), position + 1)
            }
            if scalar == "\\" && !isEscaped {
                isEscaped = true
                continue
            }
            // The backslash stays, except before the closing quote character; `expandingEscapes` reads it.
            if isEscaped && scalar != quote { content.append("\\") }
            isEscaped = false
            content.append(scalar)
        }
        throw failure("unterminated quoted value for \(key.isEmpty ? "an empty key" : key)", at: start, key: key)
    }

    private func interpolate(
        _ raw: String, at start: Int, key: String, lookup: (String) -> String?
    ) throws(SpecError) -> String {
        let values = values
        var unset: [String] = []
        do {
            return try Interpolator.substitute(raw, lookup: { lookup($0) ?? values[$0] }, unset: &unset)
        } catch {
            if error.isMissingRequired {
                throw SpecError(SpecDiagnostic(.missingVariable, error.message, at: location(start), path: key))
            }
            let message = "invalid interpolation format in the value of \(key): \(error.message)"
            throw SpecError(SpecDiagnostic(.interpolation, message, at: location(start), path: key))
        }
    }

    /// Applies the escapes compose-go understands in double quotes; any other backslash stays as written.
    static func expandingEscapes(_ raw: String) -> String {
        let scalars = Array(raw.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "\\", index + 1 < scalars.count else {
                output.append(scalars[index])
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if let simple = simpleEscapes[next] {
                output.append(contentsOf: simple.unicodeScalars)
                index += 2
            } else if next == "0" {
                let digits = scalars[(index + 2)...].prefix(3).prefix { ("0"..."9").contains($0) }
                output.append(contentsOf: octal(Array(digits)) ?? ["\\", "0"] + digits)
                index += 2 + digits.count
            } else {
                output.append("\\")
                index += 1
            }
        }
        return String(output)
    }

    /// `$` becomes `$$`, which interpolation then reads as a literal `$`.
    private static let simpleEscapes: [Unicode.Scalar: String] = [
        "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
        "\"": "\"", "\\": "\\", "$": "$$",
    ]

    /// `\0` then exactly three octal digits worth at most 0o377, as Go reads `\ooo`; nil otherwise.
    private static func octal(_ digits: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        guard digits.count == 3 else { return nil }
        var value: UInt32 = 0
        for digit in digits {
            guard ("0"..."7").contains(digit) else { return nil }
            value = value * 8 + (digit.value - 48)
        }
        return value <= 0o377 ? Unicode.Scalar(value).map { [$0] } : nil
    }

    // MARK: Characters and positions

    private func skipInlineSpace(from start: Int) -> Int {
        scalars[min(start, scalars.count)...].firstIndex { !Self.isInlineSpace($0) } ?? scalars.count
    }

    private func text(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[range]))
    }

    private func location(_ position: Int) -> SourceLocation {
        let before = scalars[..<position]
        let lineStart = (before.lastIndex(of: "\n") ?? -1) + 1
        let line = before.count(where: { $0 == "\n" }) + 1
        return SourceLocation(file: file, line: line, column: position - lineStart + 1)
    }

    private func failure(_ message: String, at position: Int, key: String) -> SpecError {
        SpecError(SpecDiagnostic(.invalidValue, message, at: location(position), path: key))
    }

    /// White space other than a line break (Go's dotenv `isSpace`).
    private static func isInlineSpace(_ scalar: Unicode.Scalar) -> Bool {
        ["\t", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}"].contains(scalar)
    }

    /// Letters, digits, `_`, `.`, `-`, `[` and `]`.
    private static func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return ["_", ".", "-", "[", "]"].contains(scalar)
        }
    }

    private static func trimmedRight(_ text: String) -> String {
        var scalars = text.unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
