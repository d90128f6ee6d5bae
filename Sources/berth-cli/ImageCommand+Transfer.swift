import ArgumentParser
import Foundation
import Images
import Synchronization

/// `berth image pull NAME[:TAG|@DIGEST]`.
struct ImagePullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Download an image from a registry.")

    @OptionGroup var store: ImageStoreOptions
    @OptionGroup var login: RegistryLoginOptions

    @Option(name: .long, help: "Platform os/arch[/variant] (default: this host's).")
    var platform: String?

    @Flag(name: [.short, .long], help: "Print only the image reference.")
    var quiet = false

    @Argument(help: "The image reference.")
    var name: String

    func run() async throws {
        let reference = try ImageReference.parse(name)
        let target = try platform.map { try Platform.parse($0) } ?? .host
        let display = ProgressDisplay(enabled: !quiet)
        let record = try await store.open().pull(reference, platform: target, auth: login.credentials) {
            display.update($0)
        }
        display.finish()
        if !quiet { print("Digest: \(record.repoDigests.first { $0.hasPrefix(reference.name + "@") } ?? "")") }
        print(reference.description)
    }
}

/// `berth image push NAME[:TAG]`.
struct ImagePushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Upload an image to a registry.")

    @OptionGroup var store: ImageStoreOptions
    @OptionGroup var login: RegistryLoginOptions

    @Flag(name: [.short, .long], help: "Print only the digest.")
    var quiet = false

    @Argument(help: "The image reference.")
    var name: String

    func run() async throws {
        let reference = try ImageReference.parse(name)
        let display = ProgressDisplay(enabled: !quiet)
        let digest = try await store.open().push(reference, auth: login.credentials) { display.update($0) }
        display.finish()
        print(quiet ? digest.description : "\(reference.tag ?? "latest"): digest: \(digest)")
    }
}

/// Draws one line per blob on a terminal (redrawn in place), or one line per finished blob otherwise.
final class ProgressDisplay: Sendable {
    private let state = Mutex<(order: [ImageDigest], lines: [ImageDigest: String], drawn: Int)>(([], [:], 0))
    private let enabled: Bool
    private let isTerminal = isatty(STDOUT_FILENO) == 1

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ event: PullProgress) {
        guard enabled else { return }
        let text: String
        switch event.state {
        case .exists: text = "Already exists"
        case .transferring(let done, let total): text = "Transferring \(Self.megabytes(done))/\(Self.megabytes(total))"
        case .extracting: text = "Extracting"
        case .done: text = "Done"
        }
        state.withLock { state in
            if state.lines[event.digest] == nil { state.order.append(event.digest) }
            state.lines[event.digest] = text
            if isTerminal {
                var output = String(repeating: "\u{1B}[1A\u{1B}[2K", count: state.drawn)
                for digest in state.order { output += "\(digest.short): \(state.lines[digest] ?? "")\n" }
                state.drawn = state.order.count
                FileHandle.standardOutput.write(Data(output.utf8))
            } else if event.state == .done || event.state == .exists {
                print("\(event.digest.short): \(text)")
            }
        }
    }

    func finish() {}

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1fMB", Double(bytes) / 1_000_000)
    }
}
