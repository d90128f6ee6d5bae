#if canImport(Glibc)
    import Glibc
#endif

/// The one error type of the Engine module.
package struct EngineError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; an extensible set.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidSpec, unsupported, notFound, systemCall, initFailed
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The spec or config.json is malformed or inconsistent.
        package static let invalidSpec = Code(.invalidSpec)
        /// The spec asks for something this runtime does not do (yet).
        package static let unsupported = Code(.unsupported)
        /// A file or folder the spec names does not exist.
        package static let notFound = Code(.notFound)
        /// A system call failed in the engine.
        package static let systemCall = Code(.systemCall)
        /// container-init failed to set up the container before exec.
        package static let initFailed = Code(.initFailed)

        package var description: String { kind.rawValue }
    }

    package var code: Code
    package var message: String
    package var cause: (any Error)?

    /// Makes an error; `message` is one lower-case sentence naming the resource.
    package init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, plus the cause when it is a system call or engine error (Foundation's are too long).
    package var description: String {
        switch cause {
        case let cause as SystemCallError: "\(message): \(cause)"
        case let cause as EngineError: "\(message): \(cause)"
        default: message
        }
    }
}

/// A failed system call, named with its path when it has one.
package struct SystemCallError: Error, Sendable, CustomStringConvertible {
    package var call: String
    package var errno: Int32
    package var path: String?

    /// Records `call` failing with `errno` on `path`.
    package init(call: String, errno: Int32, path: String? = nil) {
        self.call = call
        self.errno = errno
        self.path = path
    }

    package var description: String {
        let reason = String(cString: strerror(errno))
        guard let path else { return "\(call): \(reason)" }
        return "\(call) \(path): \(reason)"
    }
}

/// Runs `body` until it does not fail with EINTR; throws a `SystemCallError` naming `call` on failure.
@discardableResult
package func systemCall(_ call: String, path: String? = nil, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
    while true {
        let rc = body()
        if rc != -1 { return rc }
        let code = errno
        if code == EINTR { continue }
        precondition(code != EBADF && code != EFAULT, "\(call) failed with \(code): a bug in berth")
        throw SystemCallError(call: call, errno: code, path: path)
    }
}
