/// `berth container run|create` arguments that the quick path takes: the common flags, spelled as
/// the full CLI (swift-argument-parser) spells them. Anything else (an unknown or bundled flag, a
/// value that needs checking, `--help`) makes `parse` return nil, and the full CLI runs instead,
/// with its own parsing and messages. So the quick path never has to reproduce an error message.
package struct QuickArguments: Equatable, Sendable {
    package enum Command: String, Sendable { case run, create }

    package var command: Command
    package var host: String?
    package var remove = false
    package var detach = false
    package var name: String?
    package var network: String?
    package var env: [String] = []
    package var user: String?
    package var workdir: String?
    package var entrypoint: String?
    package var hostname: String?
    package var labels: [String] = []
    package var capAdd: [String] = []
    package var capDrop: [String] = []
    package var pidsLimit: Int64?
    package var stopSignal = "TERM"
    package var stopTimeout = 10
    package var initProcess = false
    package var readOnly = false
    package var privileged = false
    /// IMAGE, then the command.
    package var arguments: [String] = []

    /// Sets flag `word`: nil when it is not a flag the quick path knows, false when this command
    /// does not take it.
    private mutating func apply(flag word: String) -> Bool? {
        switch word {
        case "--rm": remove = true
        case "-d", "--detach": detach = true
        case "--init": initProcess = true
        case "--read-only": readOnly = true
        case "--privileged": privileged = true
        // The quick path never starts a daemon: with none answering, the full CLI runs and decides.
        case "--no-autostart": break
        default: return nil
        }
        return command == .run || !["--rm", "-d", "--detach"].contains(word)
    }

    /// The options that take a value.
    private static let options: Set<String> = [
        "-H", "--host", "--name", "--network", "-e", "--env", "-u", "--user", "-w", "--workdir", "--entrypoint", "-h",
        "--hostname", "-l", "--label", "--cap-add", "--cap-drop", "--pids-limit", "--stop-signal", "--stop-timeout",
    ]

    /// Takes `value` for `option` (one of `options`); false when the value is the full CLI's to
    /// check (a number that does not parse, an empty label).
    private mutating func apply(option: String, _ value: String) -> Bool {
        switch option {
        case "-H", "--host": host = value
        case "--name": name = value
        case "--network": network = value
        case "-e", "--env": env.append(value)
        case "-u", "--user": user = value
        case "-w", "--workdir": workdir = value
        case "--entrypoint": entrypoint = value
        case "-h", "--hostname": hostname = value
        case "-l", "--label":
            guard !value.isEmpty else { return false }
            labels.append(value)
        case "--cap-add": capAdd.append(value)
        case "--cap-drop": capDrop.append(value)
        case "--pids-limit":
            guard let limit = Int64(value) else { return false }
            pidsLimit = limit
        case "--stop-signal": stopSignal = value
        case "--stop-timeout":
            guard let seconds = Int(value) else { return false }
            stopTimeout = seconds
        default: return false
        }
        return true
    }

    /// The arguments after the program name, when they are `container run|create` with flags the
    /// quick path takes; nil otherwise.
    package static func parse(_ words: [String]) -> QuickArguments? {
        guard words.count >= 3, words[0] == "container", let command = Command(rawValue: words[1]) else { return nil }
        var parsed = QuickArguments(command: command)
        var index = 2
        while index < words.count, words[index].hasPrefix("-") {
            let word = words[index]
            index += 1
            if let taken = parsed.apply(flag: word) {
                guard taken else { return nil }
                continue
            }
            // --name=x, or --name x; a value that looks like a flag is left to the full CLI.
            let (option, inline) =
                word.hasPrefix("--") && word.contains("=")
                ? (String(word.prefix { $0 != "=" }), Optional(String(word.drop { $0 != "=" }.dropFirst())))
                : (word, nil)
            guard options.contains(option) else { return nil }
            let value: String
            if let inline {
                value = inline
            } else {
                guard index < words.count, !words[index].hasPrefix("-") else { return nil }
                value = words[index]
                index += 1
            }
            guard parsed.apply(option: option, value) else { return nil }
        }
        parsed.arguments = Array(words[index...])
        guard let image = parsed.arguments.first, !image.isEmpty else { return nil }
        return parsed
    }
}
