import Engine
import EngineAPI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Exec instances: created by `POST /containers/{id}/exec`, run by `POST /exec/{id}/start` on a
/// hijacked connection, inspected afterwards for the exit code.
package final class ExecService: Sendable {
    private struct Instance: Sendable {
        var containerID: String
        var request: ExecCreateRequest
        var running = false
        var exitCode: Int?
        var pid = 0
        /// The pty master while an exec with a tty runs; -1 otherwise.
        var terminal: Int32 = -1
        /// A size asked for before the pty existed (the client resizes as soon as it is attached).
        var pendingSize: (rows: Int, columns: Int)?
    }

    private let containers: ContainerService
    private let instances = Mutex<[String: Instance]>([:])

    /// Runs execs in the containers of `containers`.
    package init(containers: ContainerService) {
        self.containers = containers
    }

    /// Registers an exec in a running container.
    package func create(container reference: String, _ request: ExecCreateRequest) throws -> IdResponse {
        guard !request.cmd.isEmpty else { throw APIError.badRequest("Cmd: no exec command specified") }
        let record = try containers.engine { try containers.store.inspect(reference) }
        guard record.state.status == .running else {
            throw APIError.conflict("container \(record.id) is not running")
        }
        let id = MountTranslation.anonymousName()
        instances.withLock { $0[id] = Instance(containerID: record.id, request: request) }
        containers.events.publish(
            containers.containerEvent(
                "exec_create: " + request.cmd.joined(separator: " "), record, extra: ["execID": id]))
        return IdResponse(id: id)
    }

    /// The exec's state.
    package func inspect(_ id: String) throws -> ExecInspect {
        guard let instance = instances.withLock({ $0[id] }) else {
            throw APIError.notFound("No such exec instance: \(id)")
        }
        var body = ExecInspect(id: id)
        body.running = instance.running
        body.exitCode = instance.exitCode
        body.containerID = instance.containerID
        body.openStdin = instance.request.attachStdin ?? false
        body.pid = instance.pid
        return body
    }

    /// Sets the size of a running exec's terminal (an exec without one ignores it).
    package func resize(_ id: String, rows: Int, columns: Int) throws {
        try instances.withLock { table in
            guard let instance = table[id] else { throw APIError.notFound("No such exec instance: \(id)") }
            if instance.terminal >= 0 {
                ExecTerminal.resize(instance.terminal, rows: rows, columns: columns)
            } else if instance.exitCode == nil {
                table[id]?.pendingSize = (rows, columns)
            }
        }
    }

    /// Runs the exec, streaming its output over `connection` (multiplexed unless it has a tty) and
    /// the client's bytes to its stdin; returns when the process ended.
    package func start(_ id: String, detach: Bool, connection: (any HijackedConnection)?) throws {
        guard let instance = instances.withLock({ $0[id] }) else {
            throw APIError.notFound("No such exec instance: \(id)")
        }
        guard !instance.running, instance.exitCode == nil else {
            throw APIError.conflict("exec \(id) has already run")
        }
        instances.withLock { $0[id]?.running = true }
        let request = instance.request
        var options = ExecOptions(args: request.cmd)
        options.env = request.env ?? []
        options.user = request.user.flatMap { $0.isEmpty ? nil : $0 }
        options.workingDirectory = request.workingDir.flatMap { $0.isEmpty ? nil : $0 }
        options.privileged = request.privileged ?? false
        let client = detach ? nil : connection
        let code: Int32
        if request.tty == true {
            code = runWithTerminal(id, instance, options, connection: client)
        } else {
            code = ExecPipes.run(attachStdin: request.attachStdin ?? false, connection: client) { stdio in
                try self.containers.engine {
                    try self.containers.store.exec(instance.containerID, options, stdio: stdio)
                }
            }
        }
        instances.withLock {
            $0[id]?.running = false
            $0[id]?.exitCode = Int(code)
        }
    }
}

extension ExecService {
    /// An exec with `Tty`: the pty comes from the container's devpts, sized from `ConsoleSize` (or a
    /// resize that came before the start) before the process runs.
    private func runWithTerminal(
        _ id: String, _ instance: Instance, _ options: ExecOptions, connection: (any HijackedConnection)?
    ) -> Int32 {
        let request = instance.request
        let initial = request.consoleSize.flatMap { $0.count == 2 ? (rows: $0[0], columns: $0[1]) : nil }
        let wanted = instances.withLock { $0[id]?.pendingSize } ?? initial
        let size = wanted.map { (rows: UInt16(clamping: $0.rows), columns: UInt16(clamping: $0.columns)) }
        return ExecTerminal.run(
            attachStdin: request.attachStdin ?? false, connection: connection,
            opened: { master in
                self.instances.withLock { table in
                    table[id]?.terminal = master
                    // A resize that came while the process was starting.
                    if let late = table[id]?.pendingSize, late.rows != wanted?.rows || late.columns != wanted?.columns {
                        ExecTerminal.resize(master, rows: late.rows, columns: late.columns)
                    }
                }
            },
            closing: { instances.withLock { $0[id]?.terminal = -1 } }
        ) { terminal in
            try containers.engine {
                try containers.store.exec(instance.containerID, options, size: size, terminal: terminal)
            }
        }
    }
}

/// Wires the stdio of an exec without a tty to a hijacked connection through pipes, in Docker's stream
/// frames.
enum ExecPipes {
    /// Runs `body` with (stdin, stdout, stderr) descriptors; returns its exit code (126 when it
    /// could not start, with the reason written to the client's stderr).
    static func run(
        attachStdin: Bool, connection: (any HijackedConnection)?,
        _ body: ((Int32, Int32, Int32)) throws -> Int32
    ) -> Int32 {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        var input: [Int32] = [-1, -1]
        makePipe(&output)
        makePipe(&errors)
        if attachStdin && connection != nil {
            makePipe(&input)
        } else {
            input[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)
        }
        let readers = [
            copy(from: output[0], stream: .stdout, to: connection),
            copy(from: errors[0], stream: .stderr, to: connection),
        ]
        if input[1] >= 0, let connection {
            let writer = input[1]
            Thread.detachNewThread {
                while let bytes = connection.read() {
                    guard bytes.withUnsafeBytes({ Glibc.write(writer, $0.baseAddress, $0.count) }) >= 0 else { break }
                }
                close(writer)
            }
        }
        var code: Int32
        do {
            code = try body((input[0], output[1], errors[1]))
        } catch {
            let message = Array("berth: exec failed: \(error)\n".utf8)
            _ = message.withUnsafeBytes { Glibc.write(errors[1], $0.baseAddress, $0.count) }
            code = 126
        }
        close(input[0])
        close(output[1])
        close(errors[1])
        for reader in readers { reader.wait() }
        return code
    }

    /// A pipe whose ends close at exec (the exec'd process gets them as its stdio through dup2).
    private static func makePipe(_ ends: inout [Int32]) {
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    }

    /// Copies a pipe to the connection on a thread of its own; the semaphore signals its end.
    private static func copy(from descriptor: Int32, stream: StdStream, to connection: (any HijackedConnection)?)
        -> DispatchSemaphore
    {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 32768)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                try? connection?.write(StreamDemultiplexer.header(stream: stream, count: count) + buffer[..<count])
            }
            close(descriptor)
            done.signal()
        }
        return done
    }
}
