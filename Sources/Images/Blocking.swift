import Foundation

/// Runs blocking work (file hashing, unpacking) on a dedicated thread, never on the cooperative pool.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }
}
