import Foundation

/// The one error type of the image module: a code, one sentence naming the object and field, and a cause.
package struct ImageError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; callers branch on it, never on the message.
    package struct Code: Hashable, Sendable {
        private enum Kind: Hashable, Sendable {
            case invalidReference, notFound, conflict, digestMismatch, invalidContent, unsupported
            case unsafeLayer, registry, unauthorized, unreachable, io
        }
        private let kind: Kind
        /// A reference string that does not follow the reference grammar.
        package static let invalidReference = Code(kind: .invalidReference)
        /// An image, blob, tag or manifest that does not exist.
        package static let notFound = Code(kind: .notFound)
        /// An operation that would break something still in use (an image used by a tag, a container).
        package static let conflict = Code(kind: .conflict)
        /// Content whose sha256 is not the digest it was announced with.
        package static let digestMismatch = Code(kind: .digestMismatch)
        /// Malformed JSON, a truncated blob, an archive without the expected files.
        package static let invalidContent = Code(kind: .invalidContent)
        /// A media type, platform or archive format this store does not handle.
        package static let unsupported = Code(kind: .unsupported)
        /// A layer entry that tries to write outside its snapshot or create what is not allowed.
        package static let unsafeLayer = Code(kind: .unsafeLayer)
        /// A registry answered with an error status.
        package static let registry = Code(kind: .registry)
        /// A registry refused the credentials (or asked for some and none were given).
        package static let unauthorized = Code(kind: .unauthorized)
        /// A registry could not be reached at all.
        package static let unreachable = Code(kind: .unreachable)
        /// A file-system operation failed.
        package static let io = Code(kind: .io)
    }

    /// What kind of failure this is.
    package var code: Code
    /// One lower-case sentence naming the object and field.
    package var message: String
    /// The underlying error, if any.
    package var cause: (any Error)?

    /// Makes an error with a code, a message and an optional cause.
    package init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message followed by the cause chain.
    package var description: String {
        guard let cause else { return message }
        return message + ": " + String(describing: cause)
    }

    /// The same error with `prefix: ` put before its message (`image "x:y": ` + message).
    package func prefixed(_ prefix: String) -> ImageError {
        ImageError(code, prefix + ": " + message, cause: cause)
    }
}

/// A failed system call, named with its path; carried as an `ImageError` cause.
package struct SystemCallError: Error, Sendable, CustomStringConvertible {
    /// The call that failed (`openat2`, `mknodat`).
    package var call: String
    /// The errno it returned.
    package var errno: Int32
    /// The path it worked on, relative to the snapshot or store.
    package var path: String

    /// `openat2 usr/bin: No such file or directory`.
    package var description: String {
        "\(call) \(path): \(String(cString: strerror(errno)))"
    }
}

/// Runs a syscall wrapper, retrying EINTR, and throws a `SystemCallError` on -1.
@discardableResult
func sys(_ call: String, _ path: String, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemCallError(call: call, errno: code, path: path)
    }
}
