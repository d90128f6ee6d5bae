/// The grammar of distribution/reference, checked by hand so each error says which part is wrong.
struct ReferenceParser {
    let text: String

    func parse() throws(ImageError) -> ImageReference {
        guard !text.isEmpty else { throw fail("reference is empty") }
        if text.utf8.count == 64 && text.utf8.allSatisfy(Self.isLowerHex) {
            throw fail("cannot specify 64-byte hexadecimal strings")
        }
        var rest = Substring(text)
        var digest: ImageDigest?
        if let at = rest.firstIndex(of: "@") {
            digest = try parseDigest(String(rest[rest.index(after: at)...]))
            rest = rest[..<at]
        }
        let (domain, remainder) = Self.splitDomain(rest)
        var path = remainder
        var tag: String?
        if let colon = remainder.firstIndex(of: ":") {
            tag = String(remainder[remainder.index(after: colon)...])
            path = remainder[..<colon]
        }
        if let domain { try checkDomain(domain) }
        let fullDomain = domain.map { $0 == "index.docker.io" ? "docker.io" : String($0) } ?? "docker.io"
        let fullPath = fullDomain == "docker.io" && !path.contains("/") ? "library/" + path : String(path)
        try checkPath(fullPath)
        if let tag { try checkTag(tag) }
        guard fullDomain.utf8.count + 1 + fullPath.utf8.count <= 255 else {
            throw fail("repository name must not be more than 255 characters")
        }
        return ImageReference(domain: fullDomain, path: fullPath, tag: tag, digest: digest)
    }

    /// Docker's rule: the part before the first `/` is a domain when it has a `.` or `:`, is `localhost`,
    /// or has an upper-case letter (path components never do).
    private static func splitDomain(_ name: Substring) -> (Substring?, Substring) {
        guard let slash = name.firstIndex(of: "/") else { return (nil, name) }
        let first = name[..<slash]
        let isDomain =
            first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first
        guard isDomain else { return (nil, name) }
        return (first, name[name.index(after: slash)...])
    }

    private func checkDomain(_ domain: Substring) throws(ImageError) {
        var host = domain
        if let bracketEnd = domain.lastIndex(of: "]") {
            let afterBracket = domain[domain.index(after: bracketEnd)...]
            host = domain[...bracketEnd]
            if !afterBracket.isEmpty { try checkPort(afterBracket, domain) }
            let inner = host.dropFirst().dropLast()
            guard host.first == "[", !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" }) else {
                throw fail("domain \(domain) is not a valid host")
            }
            return
        }
        if let colon = domain.firstIndex(of: ":") {
            host = domain[..<colon]
            try checkPort(domain[colon...], domain)
        }
        let components = host.split(separator: ".", omittingEmptySubsequences: false)
        for component in components {
            let bytes = Array(component.utf8)
            guard let first = bytes.first, let last = bytes.last, Self.isAlnum(first), Self.isAlnum(last),
                bytes.allSatisfy({ Self.isAlnum($0) || $0 == UInt8(ascii: "-") })
            else { throw fail("domain \(domain) is not a valid host") }
        }
    }

    private func checkPort(_ port: Substring, _ domain: Substring) throws(ImageError) {
        let digits = port.dropFirst()
        guard port.first == ":", !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw fail("domain \(domain) has an invalid port")
        }
    }

    private func checkPath(_ path: String) throws(ImageError) {
        if path.lowercased() != path {
            throw fail("repository name (\(path)) must be lowercase")
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard Self.isPathComponent(Array(component.utf8)) else {
                throw fail("path component \"\(component)\" of \(path) is not valid")
            }
        }
    }

    /// alphanumeric (separator alphanumeric)*, separator = `.` | `_` | `__` | `-`+.
    private static func isPathComponent(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isLowerAlnum(first), isLowerAlnum(last) else {
            return false
        }
        var separator: [UInt8] = []
        for byte in bytes {
            if isLowerAlnum(byte) {
                guard isSeparator(separator) else { return false }
                separator = []
            } else {
                separator.append(byte)
            }
        }
        return true
    }

    private static func isSeparator(_ run: [UInt8]) -> Bool {
        let dash = UInt8(ascii: "-")
        return run.isEmpty || run == [UInt8(ascii: ".")] || run == [UInt8(ascii: "_")]
            || run == [UInt8(ascii: "_"), UInt8(ascii: "_")] || run.allSatisfy { $0 == dash }
    }

    /// `[\w][\w.-]{0,127}`.
    private func checkTag(_ tag: String) throws(ImageError) {
        let bytes = Array(tag.utf8)
        let isWord = { (byte: UInt8) in Self.isAlnum(byte) || byte == UInt8(ascii: "_") }
        guard let first = bytes.first, isWord(first), bytes.count <= 128,
            bytes.allSatisfy({ isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        else {
            throw fail("tag \"\(tag)\" is not valid (letters, digits, _ . -, at most 128, not starting with . or -)")
        }
    }

    private func parseDigest(_ text: String) throws(ImageError) -> ImageDigest {
        do {
            return try ImageDigest(text)
        } catch {
            throw fail("digest \"\(text)\" is not a valid sha256 digest")
        }
    }

    private func fail(_ detail: String) -> ImageError {
        ImageError(.invalidReference, "reference \"\(text)\": invalid reference format: \(detail)")
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool { (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) }
    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 122)
    }
    private static func isAlnum(_ byte: UInt8) -> Bool { isLowerAlnum(byte) || (byte >= 65 && byte <= 90) }
}
