import ArgumentParser
import Foundation
import Testing

@testable import berth_cli

/// Every command parses: swift-argument-parser checks a command's flags for clashes (two flags named
/// `-f`) only when that command is parsed, and a clash makes the command unusable. `--help` of every
/// command in the tree, run as a user runs it, catches them all.
@Suite struct CommandTreeTests {
    /// The command paths below `command`, e.g. ["container", "run"].
    private static func paths(of command: ParsableCommand.Type, prefix: [String] = []) -> [[String]] {
        command.configuration.subcommands.flatMap { sub -> [[String]] in
            let path = prefix + [sub._commandName]
            return [path] + paths(of: sub, prefix: path)
        }
    }

    @Test func everyCommandHasUsableHelp() throws {
        let all = Self.paths(of: berth_cli.Berth.self)
        #expect(all.count > 40, "\(all.count) commands")
        for path in all {
            let result = try Berth.run(path + ["--help"])
            #expect(result.status == 0, "berth \(path.joined(separator: " ")) --help: \(result.error)")
            #expect(result.output.contains("USAGE:"), "berth \(path.joined(separator: " ")) --help")
        }
    }
}
