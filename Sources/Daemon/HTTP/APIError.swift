import NIOHTTP1

/// An API failure: an HTTP status and the message that goes into Docker's error body
/// `{"message": "..."}`.
package struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status the client receives.
    package var status: HTTPResponseStatus
    /// One sentence naming the object and field at fault.
    package var message: String

    /// Makes an error with `status` and `message`.
    package init(_ status: HTTPResponseStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    package var description: String { "\(status.code): \(message)" }

    /// 400: the request itself is wrong (a bad field, malformed JSON, a bad name).
    package static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    /// 404: the object named by the request does not exist.
    package static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    /// 409: the object exists but is in the wrong state, or a name is taken.
    package static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }
    /// 500: the engine failed.
    package static func server(_ message: String) -> APIError { APIError(.internalServerError, message) }
}
