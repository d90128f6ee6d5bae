/// Docker Compose takes its project flags before the command (`docker compose -p app -f a.yaml up
/// -d`); swift-argument-parser only parses a subcommand's options after its name. This moves the
/// leading project and engine flags to just after the command name (before any of its arguments,
/// so `exec SERVICE CMD...` never swallows them).
enum GlobalOptions {
    /// Flags that take a value (`-p NAME`, `--file=F` is one token).
    static let valued: Set<String> = [
        "-p", "--project-name", "-f", "--file", "--profile", "--env-file", "--project-directory", "-H", "--host",
        "--tlscacert", "--tlscert", "--tlskey", "--progress",
    ]
    /// Flags without a value.
    static let flags: Set<String> = ["--no-autostart", "--tls", "--tlsverify"]

    /// `arguments` (without the program name) with leading global flags moved after the command.
    static func reordered(_ arguments: [String]) -> [String] {
        var moved: [String] = []
        var index = 0
        var prefix: [String] = []
        if arguments.first == "compose" {
            prefix = ["compose"]
            index = 1
        }
        while index < arguments.count {
            let token = arguments[index]
            let name = String(token.split(separator: "=", maxSplits: 1).first ?? "")
            if valued.contains(token), index + 1 < arguments.count {
                // `-f` means --follow after `logs`: a compose file moved there must be spelt `--file`.
                moved += [token == "-f" ? "--file" : token, arguments[index + 1]]
                index += 2
            } else if token.hasPrefix("--"), token.contains("="), valued.contains(name) {
                moved.append(token)
                index += 1
            } else if flags.contains(token) {
                moved.append(token)
                index += 1
            } else {
                break
            }
        }
        guard !moved.isEmpty, index < arguments.count else { return arguments }
        return prefix + [arguments[index]] + moved + arguments[(index + 1)...]
    }
}

/// The entry point: reorders Docker Compose's leading flags, then runs `Berth`.
@main
struct BerthMain {
    static func main() async {
        await Berth.main(GlobalOptions.reordered(Array(CommandLine.arguments.dropFirst())))
    }
}
