/// A failed engine call: the engine's error reply (`{"message": ...}` with its HTTP status) or a
/// transport failure.
package struct EngineClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, from the HTTP status.
    package var code: Code
    /// The engine's message, or what failed in the transport (`connect /run/berth/berth.sock: ...`).
    package var message: String
    /// The underlying error, for `--debug`.
    package var cause: (any Error)?

    /// Creates an error.
    package init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, as the CLI prints it.
    package var description: String { message }

    /// The kind of failure: an extensible set, compared by value.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        /// The HTTP status, when the engine replied (0 for transport failures).
        package let status: Int

        private init(_ name: String, status: Int) {
            self.name = name
            self.status = status
        }

        /// 304: the object is already in the requested state (start of a running container).
        package static let notModified = Code("notModified", status: 304)
        /// 400: the request was malformed.
        package static let badRequest = Code("badRequest", status: 400)
        /// 401 or 403: refused.
        package static let forbidden = Code("forbidden", status: 403)
        /// 404: no such container, network, volume, image or exec instance.
        package static let notFound = Code("notFound", status: 404)
        /// 409: a conflict (name in use, container running, volume in use).
        package static let conflict = Code("conflict", status: 409)
        /// 500 and other statuses: the engine failed.
        package static let server = Code("server", status: 500)
        /// No reply: the connection failed or the reply could not be read.
        package static let transport = Code("transport", status: 0)

        /// The code of an HTTP status.
        package static func of(status: Int) -> Code {
            switch status {
            case 304: .notModified
            case 400: .badRequest
            case 401, 403: .forbidden
            case 404: .notFound
            case 409: .conflict
            default: Code("server", status: status)
            }
        }

        package var description: String { name }

        package static func == (lhs: Code, rhs: Code) -> Bool { lhs.name == rhs.name }

        package func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }
}
