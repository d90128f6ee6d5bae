extension YAMLScalarStyle {
    /// libyaml's analysis of a scalar: which styles can carry the text unchanged.
    struct Analysis {
        var allowsPlain = true
        var allowsSingleQuotes = true
        var allowsBlock = true

        init(_ text: String) {
            let scalars = Array(text.unicodeScalars)
            guard !scalars.isEmpty else { return }
            if text.hasPrefix("---") || text.hasPrefix("...") { allowsPlain = false }
            for (index, scalar) in scalars.enumerated() {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                let followedByBlank = next.map { $0 == " " || $0 == "\t" || Self.isBreak($0) } ?? true
                let precededByBlank = index == 0 || scalars[index - 1] == " " || Self.isBreak(scalars[index - 1])
                if Self.isIndicator(scalar, first: index == 0, followedByBlank, precededByBlank) {
                    allowsPlain = false
                }
                if !Self.isPrintable(scalar) || scalar == "\u{FEFF}" {
                    allowsPlain = false
                    allowsSingleQuotes = false
                    allowsBlock = false
                }
                if Self.isBreak(scalar) {
                    allowsPlain = false
                    if next == " " { allowsSingleQuotes = false }
                }
                if scalar == " " && next.map(Self.isBreak) == true {
                    allowsPlain = false
                    allowsSingleQuotes = false
                    allowsBlock = false
                }
            }
            checkEdges(scalars)
        }

        private mutating func checkEdges(_ scalars: [Unicode.Scalar]) {
            guard let first = scalars.first, let last = scalars.last else { return }
            if first == " " || Self.isBreak(first) || last == " " || Self.isBreak(last) { allowsPlain = false }
            if last == " " { allowsBlock = false }
        }

        private static func isIndicator(
            _ scalar: Unicode.Scalar, first: Bool, _ followedByBlank: Bool, _ precededByBlank: Bool
        ) -> Bool {
            if first {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(scalar) { return true }
                if scalar == "?" || scalar == ":" || scalar == "-" { return followedByBlank }
                return false
            }
            if scalar == ":" { return followedByBlank }
            if scalar == "#" { return precededByBlank }
            return false
        }

        static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
        }

        /// libyaml's printable set: what it writes without an escape.
        static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0A, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
            default: false
            }
        }
    }
}
