import Dispatch
import Engine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ContainerExecCommand {
    /// `exec -t` on the local store with a terminal on standard input: the process gets a pty of the
    /// container's own devpts, of our terminal's size, and we copy it to and from ours (in raw mode)
    /// until its output ends. Returns the exit status.
    static func execWithTerminal(_ store: ContainerStore, _ container: String, _ options: ExecOptions) throws
        -> Int32
    {
        let size = TerminalMode.size().map { (rows: UInt16(clamping: $0[0]), columns: UInt16(clamping: $0[1])) }
        let raw = TerminalMode.makeRaw()
        defer { raw?.restore() }
        let outputEnded = DispatchSemaphore(value: 0)
        var master: Int32 = -1
        let code = try store.exec(container, options, size: size) { fd in
            master = fd
            let input = dup(fd)
            // Ends with the command (the CLI exits), or when standard input does.
            Thread.detachNewThread { copyBytes(from: STDIN_FILENO, to: input) }
            Thread.detachNewThread {
                copyBytes(from: fd, to: STDOUT_FILENO)
                outputEnded.signal()
            }
        }
        guard master >= 0 else { return code }
        // EIO once every slave is closed: the command and whatever it left holding the terminal.
        outputEnded.wait()
        close(master)
        return code
    }
}

/// Copies `source` to `target` until EOF or an error.
private func copyBytes(from source: Int32, to target: Int32) {
    var buffer = [UInt8](repeating: 0, count: 16384)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return }
        var offset = 0
        while offset < count {
            let written = buffer.withUnsafeBytes { write(target, $0.baseAddress?.advanced(by: offset), count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
