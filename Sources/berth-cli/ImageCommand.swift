import ArgumentParser
import Foundation
import Images

/// `berth image ...`: manage images in the local store.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Manage images.",
        subcommands: [
            ImagePullCommand.self, ImagePushCommand.self, ImageListCommand.self, ImageRemoveCommand.self,
            ImageTagCommand.self, ImageInspectCommand.self, ImageImportCommand.self, ImageLoadCommand.self,
            ImageSaveCommand.self, ImagePruneCommand.self, ImageUnpackLayerCommand.self,
        ]
    )
}

/// Options every image command takes.
struct ImageStoreOptions: ParsableArguments {
    @Option(name: .long, help: "The state root (default: $BERTH_ROOT or /var/lib/berth).")
    var root: String?

    @Option(name: .customLong("insecure-registry"), help: "A registry (host:port) to reach over plain HTTP.")
    var insecureRegistries: [String] = []

    /// Opens the image store under the state root.
    func open() throws -> ImageStore {
        let base = root ?? ProcessInfo.processInfo.environment["BERTH_ROOT"] ?? "/var/lib/berth"
        return try ImageStore(root: base + "/images", insecureRegistries: Set(insecureRegistries))
    }
}

/// Credentials from flags, for pull and push.
struct RegistryLoginOptions: ParsableArguments {
    @Option(name: .long, help: "User name for the registry (else ~/.docker/config.json).")
    var username: String?

    @Option(name: .long, help: "Password for the registry (or $BERTH_REGISTRY_PASSWORD).")
    var password: String?

    var credentials: RegistryCredentials? {
        guard let username else { return nil }
        let secret = password ?? ProcessInfo.processInfo.environment["BERTH_REGISTRY_PASSWORD"] ?? ""
        return RegistryCredentials(username: username, password: secret)
    }
}

/// Runs a blocking store call on a dedicated thread, off the cooperative pool.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
