import ArgumentParser
import Foundation
import Planner
import Synchronization

/// `--progress`: how plan-running commands report their actions, as Docker Compose's flag.
enum ProgressMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `tty` when standard error is a terminal, else `plain`.
    case auto
    /// Finished actions with their time, and a status line of the running ones redrawn in place.
    case tty
    /// One line when an action starts and one when it ends, for logs.
    case plain
    /// One JSON object per line and event, for scripts.
    case json
    /// Nothing but errors.
    case quiet
}

/// Writes progress on standard error in the chosen mode. Executor events arrive from concurrent
/// tasks, so the set of running actions (the tty status line) sits behind a mutex.
final class ProgressReporter: Sendable {
    let mode: ProgressMode
    private let running = Mutex<[Int: (subject: String, verb: String)]>([:])
    /// Final names of containers a plan creates under a temporary name (a recreated replica), by the
    /// creating action's id: progress shows `webapp-web-1`, never `3f2a…_webapp-web-1`.
    private let finalNames = Mutex<[Int: String]>([:])

    init(_ mode: ProgressMode) {
        self.mode = mode == .auto ? (isatty(STDERR_FILENO) == 1 ? .tty : .plain) : mode
    }

    /// Remembers the renames of `plan`, so its created containers are shown under their final names.
    func prepare(for plan: Plan) {
        var names: [Int: String] = [:]
        for action in plan.actions {
            if case .renameContainer(.created(let creator, _), let newName) = action.kind { names[creator] = newName }
        }
        finalNames.withLock { $0 = names }
    }

    /// A line for something done outside a plan: `subject` (`Container app-web-1`) reached `verb`.
    func line(_ subject: String, _ verb: String, failed: Bool = false) {
        switch mode {
        case .quiet, .auto: return
        case .json:
            write(Self.json(id: subject, text: verb, status: failed ? "error" : "done", elapsed: nil, error: nil))
        case .plain: write("\(subject)  \(verb)")
        case .tty: write(" \(failed ? "✘" : "✔") \(subject)  \(verb)")
        }
    }

    /// Reports an executor event; actions without a user-visible subject (renames, connects) print nothing.
    func report(_ event: ActionEvent) {
        guard mode != .quiet, let (subject, working, finished) = describe(event.action) else { return }
        // A failure's message comes once, in the command's final error line (and in json's `error`).
        let verb = event.state == .started ? working : event.state == .done ? finished : "Error"
        switch mode {
        case .json:
            let status = event.state == .started ? "working" : event.state == .done ? "done" : "error"
            let error = event.state == .failed ? event.message : nil
            write(Self.json(id: subject, text: verb, status: status, elapsed: event.elapsed, error: error))
        case .plain:
            write("\(subject)  \(verb)")
        default:
            reportOnTerminal(event, subject: subject, verb: verb)
        }
    }

    /// Ends the tty status line so later output starts on a clean line.
    func finish() {
        guard mode == .tty else { return }
        running.withLock { $0 = [:] }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    private func reportOnTerminal(_ event: ActionEvent, subject: String, verb: String) {
        let status: String = running.withLock { running in
            if event.state == .started {
                running[event.action.id] = (subject, verb)
            } else {
                running[event.action.id] = nil
            }
            return running.sorted { $0.key < $1.key }.map { "\($0.value.subject) \($0.value.verb)" }
                .joined(separator: ", ")
        }
        var text = "\r\u{1B}[2K"
        if event.state != .started {
            let mark = event.state == .done ? "✔" : "✘"
            text += " \(mark) \(subject)  \(verb)  \(Self.seconds(event.elapsed))\n"
        }
        if !status.isEmpty { text += " ⠿ \(status)" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// (subject, verb while under way, verb when done) of an action, nil for the silent ones.
    private func describe(_ action: Action) -> (String, String, String)? {
        let finalName = finalNames.withLock { $0[action.id] }
        switch action.kind {
        case .createNetwork(let request): return ("Network \(request.name)", "Creating", "Created")
        case .removeNetwork(let network): return ("Network \(network)", "Removing", "Removed")
        case .createVolume(let request): return ("Volume \(request.name ?? "")", "Creating", "Created")
        case .removeVolume(let volume): return ("Volume \(volume)", "Removing", "Removed")
        case .createContainer(_, _, let container, _):
            if let finalName { return ("Container \(finalName)", "Recreate", "Recreated") }
            return ("Container \(container)", "Creating", "Created")
        case .startContainer(let ref): return ("Container \(displayName(ref))", "Starting", "Started")
        case .stopContainer(let ref, _): return ("Container \(displayName(ref))", "Stopping", "Stopped")
        case .removeContainer(let ref, _): return ("Container \(displayName(ref))", "Removing", "Removed")
        case .waitCondition(let service, let condition, _):
            return ("Service \(service)", "Waiting", condition == .healthy ? "Healthy" : condition.rawValue)
        case .pullImage(let reference, _): return ("Image \(reference)", "Pulling", "Pulled")
        case .removeImage(let reference): return ("Image \(reference)", "Removing", "Removed")
        default: return nil
        }
    }

    private func displayName(_ ref: ContainerRef) -> String {
        guard case .created(let creator, let name) = ref else { return ref.name }
        return finalNames.withLock { $0[creator] } ?? name
    }

    private func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `{"elapsed":0.21,"id":"Container app-web-1","status":"done","text":"Started"}`: the id, text and
    /// status of Docker Compose's json progress, with the time taken and a failure's message.
    static func json(id: String, text: String, status: String, elapsed: Duration?, error: String?) -> String {
        var object: [String: Any] = ["id": id, "text": text, "status": status]
        if let elapsed { object["elapsed"] = (seconds(of: elapsed) * 1000).rounded() / 1000 }
        if let error { object["error"] = error }
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func seconds(of duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func seconds(_ duration: Duration?) -> String {
        guard let duration else { return "" }
        return String(format: "%.1fs", seconds(of: duration))
    }
}
