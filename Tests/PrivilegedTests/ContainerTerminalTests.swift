import Foundation
import Synchronization
import Testing

@testable import Engine
@testable import RuntimeCore

/// A container's terminal comes from the container's own devpts (container-init opens its /dev/ptmx
/// and sends the master to the shim, or to the engine for an exec): `tty` names a node that exists
/// inside, /dev/tty opens (the controlling terminal), the size set by a resize is seen.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ContainerTerminalTests {
    /// Waits (10 s at most) for the test's resize to 40x100, then reports the terminal.
    static let probe =
        "i=0; until [ \"$(stty size 2>/dev/null)\" = '40 100' ] || [ $i = 200 ]; do sleep 0.05; i=$((i+1)); done; "
        + "tty; test -e \"$(tty)\" && echo found-$((40+2)); "
        + "readlink /proc/self/fd/0; echo via-dev-tty > /dev/tty; stty size"

    @Test func ttyContainerHasATerminalOfItsOwnDevpts() throws {
        try StoreFixture.with { fixture in
            try checkContainer(fixture, initProcess: false)
        }
    }

    @Test func ttyContainerWithInitGivesTheProcessTheTerminal() throws {
        try StoreFixture.with { fixture in
            try checkContainer(fixture, initProcess: true)
        }
    }

    private func checkContainer(_ fixture: StoreFixture, initProcess: Bool) throws {
        let record = try fixture.run(["sh", "-c", Self.probe]) { config in
            config.tty = true
            config.spec.initProcess = initProcess
        }
        try resize(fixture.store.runDirectory(record.id) + "/attach.sock", rows: 40, columns: 100)
        let finished = try fixture.store.wait(record.id)
        let output = try fixture.output(record.id)
        #expect(finished.state.exitCode == 0, "\(output)")
        let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first?.hasPrefix("/dev/pts/") == true, "tty: \(output)")
        #expect(lines.contains("found-42"), "the tty's node exists in the container: \(output)")
        #expect(lines.count > 2 && lines[2] == lines[0], "fd 0 is the tty: \(output)")
        #expect(lines.contains("via-dev-tty"), "it is the controlling terminal: \(output)")
        #expect(lines.contains("40 100"), "the resize reached the container's pty: \(output)")
    }

    @Test func ttyBelongsToTheProcesssUserWhoCanReopenIt() throws {
        try StoreFixture.with { fixture in
            let script = "stat -c %u \"$(tty)\"; (exec 5<> \"$(tty)\") && echo reopened-$((1+1))"
            let record = try fixture.run(["sh", "-c", script]) { config in
                config.tty = true
                config.spec.user = "1000:1000"
            }
            let finished = try fixture.store.wait(record.id)
            let output = try fixture.output(record.id)
            #expect(finished.state.exitCode == 0, "\(output)")
            let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines == ["1000", "reopened-2"], "\(output)")
        }
    }

    @Test func execWithATerminalGetsOneOfTheContainersDevpts() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sleep", "30"])
            let script =
                "tty; test -e \"$(tty)\" && echo found-$((40+2)); echo via-dev-tty > /dev/tty; stty size; "
                + "ls -1 /dev/pts; exit 4"
            let output = TerminalOutput()
            var master: Int32 = -1
            let status = try fixture.store.exec(
                record.id, ExecOptions(args: ["sh", "-c", script]), size: (rows: 30, columns: 90)
            ) { fd in
                master = fd
                Thread.detachNewThread {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                        if count < 0 && errno == EINTR { continue }
                        guard count > 0 else { break }
                        output.bytes.withLock { $0 += buffer[..<count] }
                    }
                    output.done.withLock { $0 = true }
                }
            }
            try #require(master >= 0, "the engine handed over the pty master")
            while !output.done.withLock({ $0 }) { usleep(5000) }
            close(master)
            let text = String(decoding: output.bytes.withLock { $0 }, as: UTF8.self)
            #expect(status == 4, "\(text)")
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.first?.hasPrefix("/dev/pts/") == true, "tty: \(text)")
            #expect(lines.contains("found-42"), "\(text)")
            #expect(lines.contains("via-dev-tty"), "\(text)")
            #expect(lines.contains("30 90"), "the size asked for is there from the start: \(text)")
            #expect(lines.contains("ptmx"), "\(text)")
        }
    }

    @Test func localCLIExecOnATerminalGetsOneOfTheContainersDevpts() throws {
        try StoreFixture.with { fixture in
            try #require(FileManager.default.fileExists(atPath: "/usr/bin/script"), "needs util-linux's script")
            let record = try fixture.run(["sleep", "30"])
            let inner = "tty; test -e \\$(tty) && echo found-\\$((40+2)); stty size; exit 6"
            let exec =
                "\(DaemonFixture.executable.path) container exec --root \(fixture.root) -t \(record.id) sh -c \"\(inner)\""
            let run = try DaemonFixture.run(
                "/usr/bin/script", ["-qefc", "stty rows 27 cols 77; " + exec, "/dev/null"],
                environment: ["TERM": "xterm"])
            #expect(run.status == 6, "\(run.output)\(run.error)")
            #expect(run.output.contains("/dev/pts/") && !run.output.contains("not a tty"), "\(run.output)")
            #expect(run.output.contains("found-42"), "\(run.output)")
            #expect(run.output.contains("27 77"), "our terminal's size: \(run.output)")
        }
    }

    @Test func containerWithoutATerminalKeepsItsPipes() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sh", "-c", "tty; sleep 0.2; echo err >&2; sleep 0.2; ls /dev/pts"])
            try fixture.store.wait(record.id)
            let entries = try fixture.store.logs(record.id)
            #expect(entries.map(\.log) == ["not a tty\n", "err\n", "ptmx\n"])
            #expect(entries.map(\.stream) == ["stdout", "stderr", "stdout"])
        }
    }

    /// Sends `resize ROWS COLS` to a shim's socket (it answers once container-init sent the master).
    private func resize(_ path: String, rows: Int, columns: Int) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.enumerated() where index < bytes.count - 1 { bytes[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(connected == 0, "connect \(path): errno \(errno)")
        let header = Array("resize \(rows) \(columns)\n".utf8)
        #expect(header.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == header.count)
        // The shim closes the connection once the size is set.
        var byte: UInt8 = 0
        _ = recv(fd, &byte, 1, 0)
    }
}

/// What a reader thread collected from a pty master, and whether it reached EIO.
final class TerminalOutput: Sendable {
    let bytes = Mutex<[UInt8]>([])
    let done = Mutex(false)
}
