/// berth's own version, reported by `berth version`, the API's `/version` and the `Server` header.
package enum BerthVersion {
    /// The release version.
    package static let string = "0.1.0"
}
