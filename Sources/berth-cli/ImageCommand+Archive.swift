import ArgumentParser
import Foundation
import Images

/// `berth image import FILE [REFERENCE]`: a one-layer image from a root filesystem tar.
struct ImageImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Make an image from a root filesystem tar (plain, gzip or zstd).")

    @OptionGroup var store: ImageStoreOptions

    @Option(
        name: [.short, .long],
        help: "Container default, as in a Dockerfile: CMD [..], ENTRYPOINT [..], ENV K=V, WORKDIR /d, USER u.")
    var change: [String] = []

    @Argument(help: "The tar file.")
    var file: String

    @Argument(help: "The name[:tag] to give the image.")
    var reference: String?

    func run() async throws {
        let config = try ImageChange.apply(change)
        let opened = try store.open()
        let (file, reference) = (file, reference)
        let record = try await offPool { try opened.importRootfs(tarPath: file, reference: reference, config: config) }
        print(record.id.description)
    }
}

/// `berth image load -i FILE`.
struct ImageLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Load images from a docker save or OCI layout archive.")

    @OptionGroup var store: ImageStoreOptions

    @Option(name: [.short, .customLong("input")], help: "The archive.")
    var input: String

    func run() async throws {
        let opened = try store.open()
        let input = input
        let records = try await offPool { try opened.load(archivePath: input) }
        for record in records {
            if record.repoTags.isEmpty { print("Loaded image ID: \(record.id)") }
            for tag in record.repoTags { print("Loaded image: \(tag)") }
        }
    }
}

/// `berth image save -o FILE IMAGE...`.
struct ImageSaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Write images to an archive (docker save and OCI layout in one).")

    @OptionGroup var store: ImageStoreOptions

    @Option(name: [.short, .customLong("output")], help: "The archive to write.")
    var output: String

    @Argument(help: "Image names or IDs.")
    var images: [String]

    func run() async throws {
        let opened = try store.open()
        let (images, output) = (images, output)
        try await offPool { try opened.save(references: images, to: output) }
    }
}

/// The `--change` instructions import accepts.
enum ImageChange {
    static func apply(_ changes: [String]) throws -> ContainerConfig {
        var config = ContainerConfig()
        for change in changes {
            let parts = change.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--change \"\(change)\": expected INSTRUCTION VALUE") }
            let value = parts[1]
            switch parts[0].uppercased() {
            case "CMD": config.Cmd = try list(value, change)
            case "ENTRYPOINT": config.Entrypoint = try list(value, change)
            case "ENV": config.Env = (config.Env ?? []) + [env(value)]
            case "WORKDIR": config.WorkingDir = value
            case "USER": config.User = value
            case "STOPSIGNAL": config.StopSignal = value
            default: throw ValidationError("--change \"\(change)\": unsupported instruction \(parts[0])")
            }
        }
        return config
    }

    /// `K=V` stays; `K V` becomes `K=V`.
    private static func env(_ value: String) -> String {
        guard !value.contains("="), let space = value.firstIndex(of: " ") else { return value }
        return value[..<space] + "=" + value[value.index(after: space)...]
    }

    /// A JSON array (`["sh", "-c", "x"]`) or a shell form (`sh -c x` runs under /bin/sh -c).
    private static func list(_ value: String, _ change: String) throws -> [String] {
        if value.hasPrefix("[") {
            guard let parsed = try? JSONDecoder().decode([String].self, from: Data(value.utf8)) else {
                throw ValidationError("--change \"\(change)\": not a JSON array of strings")
            }
            return parsed
        }
        return ["/bin/sh", "-c", value]
    }
}

/// `berth image unpack-layer FILE DIR`: one layer through the same unpacker that makes snapshots
/// (hostile-entry checks, whiteouts, diff ID computed on the way). Hidden: it exists so the
/// benchmark can compare the unpacker alone with `tar -x`, and to inspect a suspicious layer.
struct ImageUnpackLayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack-layer", abstract: "Unpack one layer tar (plain, gzip or zstd) into a folder.",
        shouldDisplay: false)

    @Argument(help: "The layer file.")
    var file: String

    @Argument(help: "The folder to unpack into (made when missing).")
    var directory: String

    func run() async throws {
        let (file, directory) = (file, directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (diffID, size) = try await offPool {
            try LayerUnpacker(policy: .layer).unpack(file, into: directory)
        }
        print("\(diffID) \(size)")
    }
}
