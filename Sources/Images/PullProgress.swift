/// One progress event of a pull or push, for a display.
package struct PullProgress: Sendable, Equatable {
    /// What is happening to a blob.
    package enum State: Sendable, Equatable {
        /// Found in the store (pull) or in the registry (push): nothing to transfer.
        case exists
        /// Bytes moved so far of the total.
        case transferring(Int64, of: Int64)
        /// Being unpacked into its snapshot.
        case extracting
        /// Finished.
        case done
    }

    /// The blob's digest.
    package var digest: ImageDigest
    /// Its state.
    package var state: State
}
