import Engine
import Foundation

extension ContainerService {
    /// Joins a hijacked connection to the container's shim: the client's bytes go to its stdin
    /// (the end of the client's input ends stdin). Output comes from the shim as it is written with
    /// a tty (a terminal needs every byte at once); without one it follows the log, which holds
    /// everything since the attach (the shim only sends what comes after its client is set up).
    /// Returns when the container ended or the client went away.
    func attachInteractive(
        _ reference: String, tty: Bool, query: LogQuery, connection: any HijackedConnection,
        frame: @escaping (LogEntry) -> [UInt8]
    ) {
        // The shim's socket is named by the id: a name or an id prefix must be resolved first.
        guard let id = try? store.resolve(reference),
            let shim = ShimAttachment.connect(store, id: id, header: "attach", waitForStart: true)
        else { return }
        // Several threads use the socket: the last to finish closes it, so none ever shuts down
        // a descriptor number that was closed and reused.
        shim.retain()
        defer {
            // Wakes the threads blocked in the connection's read() and the socket's recv(), so they
            // release the socket too.
            connection.close()
            shim.hangUp()
            shim.release()
        }
        WorkerThreads.shared.run {
            defer { shim.release() }
            while let bytes = connection.read() {
                guard shim.send(bytes) else { return }
            }
            // With a tty the shim keeps stdin open (the terminal stays); without, stdin ends here.
            shim.endInput()
        }
        if tty {
            while let bytes = shim.receive() {
                guard (try? connection.write(query.stdout ? bytes : [])) != nil else { return }
            }
            return
        }
        // The shim's copy of the output is read and dropped, or the shim would block on this client.
        shim.retain()
        WorkerThreads.shared.run {
            defer { shim.release() }
            while shim.receive() != nil {}
        }
        // The socket answers while the start is still under way: follow once the record says it runs.
        _ = waitUntilStarted(id)
        try? logs(id, query: query, follow: true) { entry in (try? connection.write(frame(entry))) != nil }
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
