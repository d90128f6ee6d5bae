import Foundation
import Testing

/// Debian's docker-registry started on 127.0.0.1:<free port> with its storage in a temp folder, optionally with
/// htpasswd auth; ended by its pid.
struct LocalRegistry {
    let port: Int
    let folder: String
    var address: String { "127.0.0.1:\(port)" }
    var storage: String { folder + "/data" }

    static func with<T>(
        user: (String, String)? = nil, _ body: (LocalRegistry) async throws -> T
    ) async throws -> T {
        let binary = "/usr/bin/docker-registry"
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "install docker-registry (apt-get install -y docker-registry)")
        let folder = "/tmp/berth-registry-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let port = try freePort()
        var config = """
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: \(folder)/data
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:\(port)

            """
        if let (name, password) = user {
            try run("/usr/bin/htpasswd", ["-Bbc", folder + "/htpasswd", name, password])
            config += "auth:\n  htpasswd:\n    realm: basic-realm\n    path: \(folder)/htpasswd\n"
        }
        try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/config.yml"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", folder + "/config.yml"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        try await waitForPort(port)
        return try await body(LocalRegistry(port: port, folder: folder))
    }

    /// A port nothing listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        try #require(bound, "cannot bind a free port")
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func waitForPort(_ port: Int) async throws {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("docker-registry did not listen on port \(port) within 10 s")
    }

    /// Runs a program to completion; returns its standard output; fails the test when it exits non-zero.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(program) \(arguments.joined(separator: " ")): \(problem)")
        return text
    }
}
