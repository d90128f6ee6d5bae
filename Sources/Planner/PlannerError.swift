/// Why a project could not be mapped, planned or executed. The message names the service, container,
/// network or volume and says what is wrong.
package struct PlannerError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    package var code: Code
    /// One sentence, lower case, naming the resource (`service "web": depends on "db", which is unhealthy`).
    package var message: String
    /// The underlying error (an `EngineClientError`, say).
    package var cause: (any Error)?

    /// Creates an error.
    package init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, with the cause's when there is one.
    package var description: String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }

    /// The kind of failure.
    package enum Code: Sendable, Equatable {
        /// The project asks for something that cannot be mapped onto the engine.
        case invalidProject
        /// Something the project needs is missing from the engine (an external network, a volume).
        case missingResource
        /// A dependency did not reach its condition (unhealthy, exited non-zero, never started).
        case dependencyFailed
        /// An engine call failed.
        case engine
        /// Another `up` or `down` of the project holds its lock.
        case locked
        /// The operation was cancelled.
        case cancelled
    }
}
