#if canImport(Glibc)
    import Glibc
#endif

/// The one error type of the Network module.
package struct NetworkError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; an extensible set.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidArgument, notFound, conflict, exhausted, systemCall, netlink, firewall
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The request is malformed (a bad subnet, port spec, address...).
        package static let invalidArgument = Code(.invalidArgument)
        /// The network, container or endpoint does not exist.
        package static let notFound = Code(.notFound)
        /// The name, subnet, address or port is already in use.
        package static let conflict = Code(.conflict)
        /// No subnet, address or port is left to allocate.
        package static let exhausted = Code(.exhausted)
        /// A system call failed.
        package static let systemCall = Code(.systemCall)
        /// The kernel refused a netlink request.
        package static let netlink = Code(.netlink)
        /// iptables refused a rule.
        package static let firewall = Code(.firewall)

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

    /// The message, plus the cause when it is one of ours (Foundation's are too long).
    package var description: String {
        switch cause {
        case let cause as SystemCallError: "\(message): \(cause)"
        case let cause as NetworkError: "\(message): \(cause)"
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
func systemCall(_ call: String, path: String? = nil, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
    while true {
        let rc = body()
        if rc != -1 { return rc }
        let code = errno
        if code == EINTR { continue }
        precondition(code != EBADF && code != EFAULT, "\(call) failed with \(code): a bug in berth")
        throw SystemCallError(call: call, errno: code, path: path)
    }
}
