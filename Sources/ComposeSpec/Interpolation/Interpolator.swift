/// Substitutes `$VAR` and `${VAR…}` references in compose values the way compose-go does.
///
/// Supported forms: `$V`, `${V}`, `${V:-default}`, `${V-default}`, `${V:?err}`, `${V?err}`, `${V:+alt}`,
/// `${V+alt}` and `$$` for a literal `$`. Defaults, alternates and error messages may themselves hold
/// references; they are evaluated only when used. A `$` that does not start a reference stays as it is.
package struct Interpolator: Sendable {
    private let environment: [String: String]

    /// Creates an interpolator that reads variables from `environment`; absent keys are unset variables.
    package init(environment: [String: String]) {
        self.environment = environment
    }

    /// Returns `template` with every reference replaced by its value.
    /// - Throws: an `InterpolationError` for a malformed reference or a missing required variable.
    package func substitute(_ template: String) throws(InterpolationError) -> String {
        var unset: [String] = []
        return try substitute(template, unsetVariables: &unset)
    }

    /// Like `substitute(_:)`, and appends to `unsetVariables` the name of every unset variable that was
    /// replaced by a blank string (compose warns about those; variables with a default are not listed).
    package func substitute(
        _ template: String, unsetVariables: inout [String]
    ) throws(InterpolationError) -> String {
        let environment = environment
        return try Self.substitute(template, lookup: { environment[$0] }, unset: &unsetVariables)
    }

    /// The variables `template` refers to, in the order they appear, including those inside defaults.
    package func variables(in template: String) -> [VariableReference] {
        Self.references(in: template)
    }
}

/// A malformed template or a required variable without a value.
package struct InterpolationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One lower-case sentence, e.g. `required variable DB is missing a value: set it in .env`.
    package var message: String
    /// True when a `${V:?err}` or `${V?err}` reference found its variable missing.
    package var isMissingRequired: Bool
    /// The variable that was missing, when `isMissingRequired`.
    package var variable: String?

    /// Creates an error with the given message.
    package init(message: String, isMissingRequired: Bool = false, variable: String? = nil) {
        self.message = message
        self.isMissingRequired = isMissingRequired
        self.variable = variable
    }

    /// The message.
    package var description: String { message }

    static func invalidTemplate(_ template: String) -> InterpolationError {
        InterpolationError(message: "invalid template: \(quoted(template))")
    }

    static func missingRequired(_ name: String, reason: String) -> InterpolationError {
        let message = "required variable \(name) is missing a value" + (reason.isEmpty ? "" : ": \(reason)")
        return InterpolationError(message: message, isMissingRequired: true, variable: name)
    }

    /// Quotes like Go's `%#v` so messages match compose-go's for ordinary text.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// A variable a template refers to, as `berth config --variables` lists it.
package struct VariableReference: Sendable, Equatable {
    /// The variable's name.
    package var name: String
    /// The text after `:-` or `-`, unevaluated; nil when the reference has no default.
    package var defaultValue: String?
    /// The text after `:+` or `+` (used when the variable is set), unevaluated; nil when absent.
    package var alternateValue: String?
    /// True for `${V:?err}` and `${V?err}`.
    package var isRequired: Bool

    /// Creates a reference.
    package init(name: String, defaultValue: String? = nil, alternateValue: String? = nil, isRequired: Bool = false) {
        self.name = name
        self.defaultValue = defaultValue
        self.alternateValue = alternateValue
        self.isRequired = isRequired
    }
}

// MARK: - Evaluation

extension Interpolator {
    /// Substitutes with any variable source: the compose environment, or a `.env` file's own keys.
    static func substitute(
        _ template: String, lookup: (String) -> String?, unset: inout [String]
    ) throws(InterpolationError) -> String {
        let scanner = TemplateScanner(template)
        var output = ""
        var index = 0
        while index < scanner.count {
            let (token, next) = scanner.token(at: index)
            index = next
            switch token {
            case .literal(let text):
                output += text
            case .escapedDollar:
                output += "$"
            case .variable(let name, nil, _):
                if let value = lookup(name) {
                    output += value
                } else {
                    unset.append(name)
                }
            case .variable(let name, let operation?, let argument):
                output += try apply(operation, to: name, argument: argument, lookup: lookup, unset: &unset)
            case .invalid:
                throw .invalidTemplate(template)
            }
        }
        return output
    }

    /// Evaluates one `${NAME<op>ARGUMENT}`; `argument` is interpolated only when it is used.
    private static func apply(
        _ operation: TemplateOperator, to name: String, argument: String, lookup: (String) -> String?,
        unset: inout [String]
    ) throws(InterpolationError) -> String {
        let value = lookup(name)
        let isEmpty = value?.isEmpty ?? true
        switch operation {
        case .defaultIfUnsetOrEmpty:
            if let value, !isEmpty { return value }
            return try substitute(argument, lookup: lookup, unset: &unset)
        case .defaultIfUnset:
            if let value { return value }
            return try substitute(argument, lookup: lookup, unset: &unset)
        case .alternateIfNotEmpty:
            if !isEmpty { return try substitute(argument, lookup: lookup, unset: &unset) }
            return value ?? ""
        case .alternateIfSet:
            if value != nil { return try substitute(argument, lookup: lookup, unset: &unset) }
            return ""
        case .requiredNotEmpty:
            if let value, !isEmpty { return value }
            throw .missingRequired(name, reason: try substitute(argument, lookup: lookup, unset: &unset))
        case .requiredSet:
            if let value { return value }
            throw .missingRequired(name, reason: try substitute(argument, lookup: lookup, unset: &unset))
        }
    }

    /// Lists references like compose-go's variable extraction: defaults and alternates are searched,
    /// error messages are not, and malformed references are skipped.
    static func references(in template: String) -> [VariableReference] {
        let scanner = TemplateScanner(template)
        var references: [VariableReference] = []
        var index = 0
        while index < scanner.count {
            let (token, next) = scanner.token(at: index)
            index = next
            guard case .variable(let name, let operation, let argument) = token else { continue }
            var reference = VariableReference(name: name)
            switch operation {
            case nil: break
            case .requiredNotEmpty, .requiredSet: reference.isRequired = true
            case .defaultIfUnsetOrEmpty, .defaultIfUnset: reference.defaultValue = argument
            case .alternateIfNotEmpty, .alternateIfSet: reference.alternateValue = argument
            }
            references.append(reference)
            if !reference.isRequired && operation != nil {
                references += Self.references(in: argument)
            }
        }
        return references
    }
}

// MARK: - Scanning

/// The six operators of `${NAME<op>ARGUMENT}`.
private enum TemplateOperator: String {
    case defaultIfUnsetOrEmpty = ":-"
    case defaultIfUnset = "-"
    case alternateIfNotEmpty = ":+"
    case alternateIfSet = "+"
    case requiredNotEmpty = ":?"
    case requiredSet = "?"
}

/// One piece of a template.
private enum TemplateToken: Equatable {
    case literal(String)
    case escapedDollar
    /// `$NAME`, `${NAME}` (no operator) or `${NAME<op>ARGUMENT}`.
    case variable(String, TemplateOperator?, argument: String)
    case invalid
}

/// Splits a template into tokens with the rules of compose-go's pattern
/// `\$(?i:(\$)|([_a-z][_a-z0-9]*)|{(?:([_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|()))`.
private struct TemplateScanner {
    private let scalars: [Unicode.Scalar]

    init(_ template: String) {
        scalars = Array(template.unicodeScalars)
    }

    var count: Int { scalars.count }

    /// The token starting at `index`, and the index just after it.
    func token(at index: Int) -> (TemplateToken, Int) {
        guard scalars[index] == "$" else {
            let end = scalars[index...].firstIndex(of: "$") ?? scalars.count
            return (.literal(text(index..<end)), end)
        }
        let next = index + 1
        guard next < scalars.count else { return (.literal("$"), next) }
        switch scalars[next] {
        case "$":
            return (.escapedDollar, next + 1)
        case "{":
            return braced(at: index)
        case let scalar where Self.isNameStart(scalar):
            let end = nameEnd(from: next)
            return (.variable(text(next..<end), nil, argument: ""), end)
        default:
            return (.literal("$"), next)
        }
    }

    /// Reads `${…}` starting at the `$` at `dollar`.
    private func braced(at dollar: Int) -> (TemplateToken, Int) {
        let nameStart = dollar + 2
        guard nameStart < scalars.count, Self.isNameStart(scalars[nameStart]) else { return (.invalid, nameStart) }
        let end = nameEnd(from: nameStart)
        let name = text(nameStart..<end)
        guard end < scalars.count else { return (.invalid, nameStart) }
        if scalars[end] == "}" { return (.variable(name, nil, argument: ""), end + 1) }
        guard let (operation, argumentStart) = operatorAt(end),
            let close = closingBrace(from: dollar, argumentStart: argumentStart)
        else { return (.invalid, nameStart) }
        return (.variable(name, operation, argument: text(argumentStart..<close)), close + 1)
    }

    private func operatorAt(_ index: Int) -> (TemplateOperator, Int)? {
        if scalars[index] == ":", index + 1 < scalars.count,
            let operation = TemplateOperator(rawValue: ":" + String(scalars[index + 1]))
        {
            return (operation, index + 2)
        }
        return TemplateOperator(rawValue: String(scalars[index])).map { ($0, index + 1) }
    }

    /// The `}` that ends a reference with an operator. Like compose-go: the reference can only end at a
    /// `}` on the same line (its pattern's `.*` stops at a newline) and extends at most to the last one;
    /// inside it, braces nest, a `{` also skipping the character after it.
    private func closingBrace(from dollar: Int, argumentStart: Int) -> Int? {
        let lineEnd = scalars[argumentStart...].firstIndex(of: "\n") ?? scalars.count
        guard let last = scalars[argumentStart..<lineEnd].lastIndex(of: "}") else { return nil }
        var depth = 0
        var index = dollar
        while index <= last {
            if scalars[index] == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
            if scalars[index] == "{" {
                depth += 1
                index += 1
            }
            index += 1
        }
        return last
    }

    private func nameEnd(from start: Int) -> Int {
        scalars[start...].firstIndex { !Self.isNameCharacter($0) } ?? scalars.count
    }

    private func text(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[range]))
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }
}
