/// What processing one compose file depends on: the folder its relative paths are resolved against,
/// the variables it is interpolated with, and the chains of includes and extends that led to it.
struct FileContext: Sendable {
    var baseDirectory: String
    var environment: [String: String]
    var interpolate: Bool
    var resolvePaths: Bool
    /// Files being included, outermost first, to refuse cycles.
    var includeChain: [String] = []

    var home: String? { environment["HOME"] }
}
