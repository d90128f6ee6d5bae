import Engine
import Foundation

extension ContainerService {
    /// Joins a hijacked connection to the container's shim: the client's bytes go to its stdin
    /// (the end of the client's input ends stdin), its output comes back as the shim sends it.
    /// Returns when the container ended or the client went away.
    func attachInteractive(_ id: String, tty: Bool, query: LogQuery, connection: any HijackedConnection) {
        guard let shim = ShimAttachment.connect(store, id: id, header: "attach", waitForStart: true) else { return }
        // Two threads use the socket: whichever finishes last closes it, so the input side never
        // shuts down a descriptor number that was closed and reused.
        shim.retain()
        defer {
            // Wakes the input thread blocked in read(), so it releases the socket too.
            connection.close()
            shim.release()
        }
        let input = Thread {
            defer { shim.release() }
            while let bytes = connection.read() {
                guard shim.send(bytes) else { return }
            }
            // With a tty the shim keeps stdin open (the terminal stays); without, stdin ends here.
            shim.endInput()
        }
        input.start()
        var filter = StreamFrameFilter(keepStdout: query.stdout || tty, keepStderr: query.stderr || tty)
        while let bytes = shim.receive() {
            let passed = tty ? (query.stdout ? bytes : []) : filter.pass(bytes)
            guard (try? connection.write(passed)) != nil else { return }
        }
    }

    /// Sets the size of the container's terminal (a container without one ignores it, as dockerd does).
    func resize(_ reference: String, rows: Int, columns: Int) throws {
        let record = try engine { try store.inspect(reference) }
        guard record.state.status == .running || record.state.status == .paused else {
            throw APIError.conflict("container \(record.name) is not running")
        }
        guard record.config.tty,
            let shim = ShimAttachment.connect(
                store, id: record.id, header: "resize \(rows) \(columns)", waitForStart: false)
        else { return }
        shim.release()
    }
}
