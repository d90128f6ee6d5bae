import Foundation
import Testing

/// Marks a suite that needs the real kernel as root. Runs only with BERTH_PRIVILEGED_TESTS=1, and
/// then fails (never skips) when the promise is not kept.
struct PrivilegedTrait: SuiteTrait, TestTrait, TestScoping {
    static var isRequested: Bool { ProcessInfo.processInfo.environment["BERTH_PRIVILEGED_TESTS"] == "1" }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try #require(geteuid() == 0, "BERTH_PRIVILEGED_TESTS=1 promises root (euid 0)")
        try await function()
    }
}

extension Trait where Self == PrivilegedTrait {
    /// Needs root; see `PrivilegedTrait`.
    static var privileged: Self { PrivilegedTrait() }
}
