/// An image reference as Docker parses it: `[domain/]path[:tag][@digest]`, with Docker Hub defaults.
///
/// `busybox` is `docker.io/library/busybox:latest`; `localhost:5000/a/b:v1` keeps its domain.
package struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// The registry host with optional port (`docker.io`, `localhost:5000`).
    package var domain: String
    /// The repository path inside the registry (`library/busybox`).
    package var path: String
    /// The tag; `latest` when the text named neither a tag nor a digest.
    package var tag: String?
    /// The manifest digest, when the text pinned one.
    package var digest: ImageDigest?

    /// Docker Hub's canonical domain.
    package static let defaultDomain = "docker.io"

    /// Makes a reference from already-valid parts (no checks; use `parse` for text).
    package init(domain: String, path: String, tag: String?, digest: ImageDigest?) {
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    /// `domain/path`, the repository name.
    package var name: String { domain + "/" + path }

    /// `docker.io/library/busybox:latest`, `name:tag@digest`.
    package var description: String {
        var text = name
        if let tag { text += ":" + tag }
        if let digest { text += "@" + digest.description }
        return text
    }

    /// The name as Docker shows it (`busybox`, `user/app`, `localhost:5000/app`).
    package var familiarName: String {
        guard domain == Self.defaultDomain else { return name }
        if path.hasPrefix("library/"), !path.dropFirst(8).contains("/") { return String(path.dropFirst(8)) }
        return path
    }

    /// The reference as Docker shows it (`busybox:latest`).
    package var familiarString: String {
        var text = familiarName
        if let tag { text += ":" + tag }
        if let digest { text += "@" + digest.description }
        return text
    }

    /// This reference without its digest (`name:tag`), or nil when it has no tag.
    package var tagged: ImageReference? {
        tag.map { ImageReference(domain: domain, path: path, tag: $0, digest: nil) }
    }

    /// `name@digest` for a given manifest digest.
    package func pinned(to digest: ImageDigest) -> ImageReference {
        ImageReference(domain: domain, path: path, tag: nil, digest: digest)
    }

    /// Parses `text` as `docker pull` does, adding the `latest` tag when neither tag nor digest is given.
    package static func parse(_ text: String) throws(ImageError) -> ImageReference {
        var reference = try ReferenceParser(text: text).parse()
        if reference.tag == nil && reference.digest == nil { reference.tag = "latest" }
        return reference
    }
}
