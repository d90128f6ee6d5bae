import QuickRun

#if canImport(Glibc)
    import Glibc
#endif

// `berth`: runs `container run|create` with the common flags itself (QuickRun), and hands every
// other command to the full CLI, berth-cli, next to this executable. exec keeps the pid, so a
// `berth daemon` started through here is still the process its caller started.

var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
    let text = String(cString: pointer)
    if let equals = text.firstIndex(of: "=") {
        environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
    }
    entry += 1
}

let arguments = CommandLine.arguments
if case .exit(let status) = QuickRun.attempt(Array(arguments.dropFirst()), environment: environment) {
    exit(status)
}

var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
let executable = length > 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
let fullCLI = String(executable[..<(executable.lastIndex(of: "/") ?? executable.startIndex)]) + "/berth-cli"
let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
execv(fullCLI, argv)
let message = "berth: cannot run \(fullCLI): \(String(cString: strerror(errno)))\n"
_ = message.withCString { write(2, $0, strlen($0)) }
exit(127)
