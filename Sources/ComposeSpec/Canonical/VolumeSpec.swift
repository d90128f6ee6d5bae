extension Canonical {
    /// One mount of the short `volumes` syntax `[SOURCE:]TARGET[:MODE]`, read as compose-go's `ParseVolume`
    /// reads it: a source starting with `.`, `/`, `~`, `\\` or a drive letter (`C:`) is a bind mount, any
    /// other source names a volume; a one-letter field followed by `:` is a Windows drive, not a separator;
    /// colons inside `${...}` do not separate fields.
    struct VolumeSpec: Sendable, Equatable {
        var type = "volume"
        var source = ""
        var target = ""
        var readOnly = false
        var consistency = ""
        var selinux = ""
        var propagation = ""
        var noCopy = false
        /// Whether the long form has a `bind` mapping: bind mounts, or any mount given a bind option.
        var hasBindOptions = false
        /// Whether the long form has a `volume` mapping: named and anonymous volumes, or `nocopy`.
        var hasVolumeOptions = false
        /// Mode options nobody knows; compose-go ignores them.
        var unknownOptions: [String] = []

        static let propagations: Set = ["rprivate", "private", "rshared", "shared", "rslave", "slave"]
        /// Docker's consistency modes; only Docker Desktop for Mac ever acted on them.
        static let consistencies: Set = ["consistent", "cached", "delegated"]

        static func parse(_ text: String) throws(ShortSyntaxError) -> VolumeSpec {
            guard !text.isEmpty else { throw ShortSyntaxError("the spec is empty") }
            var spec = VolumeSpec()
            if text.utf8.count <= 2 {
                // Too short to hold a separator: an anonymous volume, as compose-go reads it.
                spec.target = text
                return spec
            }
            let characters = Array(text)
            var field: [Character] = []
            var substitutionDepth = 0
            for index in characters.indices {
                let character = characters[index]
                if character == "$", index + 1 < characters.count, characters[index + 1] == "{" {
                    substitutionDepth += 1
                } else if character == "}", substitutionDepth > 0 {
                    substitutionDepth -= 1
                } else if character == ":", substitutionDepth == 0, !(field.count == 1 && field[0].isLetter) {
                    try spec.take(String(field), isLast: false)
                    field = []
                    continue
                }
                field.append(character)
            }
            try spec.take(String(field), isLast: true)
            spec.settleType()
            return spec
        }

        private mutating func take(_ field: String, isLast: Bool) throws(ShortSyntaxError) {
            if field.isEmpty { throw ShortSyntaxError("empty section between colons") }
            if source.isEmpty && isLast {
                target = field
            } else if source.isEmpty {
                source = field
            } else if target.isEmpty {
                target = field
            } else if !isLast {
                throw ShortSyntaxError("too many colons")
            } else {
                field.split(separator: ",").forEach { apply(option: String($0)) }
            }
        }

        private mutating func apply(option: String) {
            switch option {
            case "ro": readOnly = true
            case "rw": readOnly = false
            case "nocopy":
                noCopy = true
                hasVolumeOptions = true
            case "z", "Z":
                selinux = option
                hasBindOptions = true
            case _ where Self.propagations.contains(option):
                propagation = option
                hasBindOptions = true
            case _ where Self.consistencies.contains(option):
                consistency = option
            default:
                unknownOptions.append(option)
            }
        }

        private mutating func settleType() {
            if isHostPath(source) {
                type = "bind"
                hasBindOptions = true
            } else {
                hasVolumeOptions = true
            }
        }

        private func isHostPath(_ source: String) -> Bool {
            guard let first = source.first else { return false }
            if first == "." || first == "/" || first == "~" || source.hasPrefix(#"\\"#) { return true }
            let characters = Array(source.prefix(2))
            return characters.count == 2 && characters[0].isLetter && characters[1] == ":"
        }
    }
}
