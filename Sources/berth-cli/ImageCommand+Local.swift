import ArgumentParser
import Foundation
import Images

/// `berth image ls`.
struct ImageListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List images.", aliases: ["list"])

    @OptionGroup var store: ImageStoreOptions

    @Flag(name: [.short, .long], help: "Only show image IDs.")
    var quiet = false

    func run() async throws {
        let images = try store.open().list()
        if quiet {
            for image in images { print(image.id.short) }
            return
        }
        var rows = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]]
        for image in images {
            let names = image.repoTags.isEmpty ? ["<none>:<none>"] : image.repoTags
            for name in names {
                let colon = name.lastIndex(of: ":") ?? name.endIndex
                let tag = colon < name.endIndex ? String(name[name.index(after: colon)...]) : "<none>"
                rows.append([String(name[..<colon]), tag, image.id.short, image.created ?? "", Self.size(image.size)])
            }
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { $1.padding(toLength: widths[$0] + 3, withPad: " ", startingAt: 0) }.joined())
        }
    }

    static func size(_ bytes: Int64) -> String { String(format: "%.1fMB", Double(bytes) / 1_000_000) }
}

/// `berth image rm IMAGE...`.
struct ImageRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove images.", aliases: ["rmi"])

    @OptionGroup var store: ImageStoreOptions

    @Flag(name: [.short, .long], help: "Remove an image even when several tags name it.")
    var force = false

    @Argument(help: "Image names or IDs.")
    var images: [String]

    func run() async throws {
        let opened = try store.open()
        for image in images {
            for line in try opened.remove(image, force: force) { print(line) }
        }
    }
}

/// `berth image tag SOURCE TARGET`.
struct ImageTagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Give an image another name.")

    @OptionGroup var store: ImageStoreOptions

    @Argument(help: "The image to tag.")
    var source: String

    @Argument(help: "The new name[:tag].")
    var target: String

    func run() async throws {
        try store.open().tag(source, as: target)
    }
}

/// `berth image inspect IMAGE...`: Docker's JSON array.
struct ImageInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show images as JSON.")

    @OptionGroup var store: ImageStoreOptions

    @Argument(help: "Image names or IDs.")
    var images: [String]

    func run() async throws {
        let opened = try store.open()
        let records = try images.map { try opened.inspect($0).dockerInspect }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(records), as: UTF8.self))
    }
}

/// `berth image prune`.
struct ImagePruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove unused images.")

    @OptionGroup var store: ImageStoreOptions

    @Flag(name: [.short, .long], help: "Remove all images without a container, not only untagged ones.")
    var all = false

    @Flag(name: [.short, .long], help: "Do not ask for confirmation (there is no prompt; accepted for Docker's flag).")
    var force = false

    func run() async throws {
        let opened = try store.open()
        let removed = try await offPool { try opened.prune(all: all) }
        for id in removed { print("Deleted: \(id)") }
    }
}
