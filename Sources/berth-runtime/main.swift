import RuntimeCore

#if canImport(Glibc)
    import Glibc
#endif

// berth-runtime: berth's runtime as an OCI runtime command line, like `crun run` or `runc run`.
// It is its own small executable (no argument-parser, NIO or image code) because a runtime's
// start-up is part of every container's cost: the full `berth` binary spends most of a short
// container's life loading and relocating itself.

/// Writes `message` and a newline to standard error (fd 2, without stdio's shared `stderr`).
func printError(_ message: String) {
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Prints `message` to stderr and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> Never {
    printError("berth-runtime: \(message)")
    exit(code)
}

let usage = """
    usage: berth-runtime [--root DIR] run [--bundle|-b DIR] ID
      run   create, start and wait for the container of DIR/config.json (default: the current
            folder) in the foreground, delete it, and exit with its status
    """

var arguments = Array(CommandLine.arguments.dropFirst())
// Global flags crun and runc accept; berth-runtime keeps no state between commands, so --root,
// --log and --log-format are accepted and ignored.
while let first = arguments.first, first.hasPrefix("--") {
    switch first {
    case "--root", "--log", "--log-format":
        guard arguments.count >= 2 else { fail("\(first) needs a value", code: 2) }
        arguments.removeFirst(2)
    case "--help":
        print(usage)
        exit(0)
    default:
        fail("unknown option \(first)\n\(usage)", code: 2)
    }
}
guard arguments.first == "run" else { fail(usage, code: 2) }
arguments.removeFirst()
var bundle = "."
var id: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--bundle", "-b":
        guard !arguments.isEmpty else { fail("\(argument) needs a folder", code: 2) }
        bundle = arguments.removeFirst()
    default:
        guard id == nil, !argument.hasPrefix("-") else { fail("unexpected argument \(argument)\n\(usage)", code: 2) }
        id = argument
    }
}
guard let id else { fail("give the container id\n\(usage)", code: 2) }

do {
    let loaded = try OCIBundle(directory: bundle)
    var spec = try loaded.containerSpec()
    if loaded.config.linux?.cgroupsPath == nil && !spec.resources.isEmpty {
        spec.cgroupPath = "berth/" + id
    }
    let result = try ContainerRuntime().runContainer(spec)
    if result.oomKilled { printError("berth-runtime: container \(id) was killed for lack of memory (OOMKilled)") }
    exit(result.status)
} catch {
    fail("container \(id): \(error)", code: 125)
}
