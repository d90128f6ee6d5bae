import Foundation

/// One json-file log entry.
package struct LogEntry: Sendable, Equatable, Codable {
    /// The text, with its newline when the line was complete.
    package var log: String
    /// `stdout` or `stderr`.
    package var stream: String
    /// RFC 3339 with nanoseconds, UTC.
    package var time: String

    /// Nanoseconds since the epoch of `time`; nil when malformed.
    package var nanoseconds: Int64? { parseTimestamp(time) }
}

/// What `logs` returns.
package struct LogQuery: Sendable, Equatable {
    /// Only entries at or after this many nanoseconds since the epoch.
    package var since: Int64?
    /// Only entries before this many nanoseconds since the epoch.
    package var until: Int64?
    /// Only the last `tail` entries (after since/until).
    package var tail: Int?
    package var stdout = true
    package var stderr = true

    /// Every entry of both streams.
    package init(since: Int64? = nil, until: Int64? = nil, tail: Int? = nil) {
        self.since = since
        self.until = until
        self.tail = tail
    }

    func accepts(_ entry: LogEntry) -> Bool {
        guard entry.stream == "stdout" ? stdout : stderr else { return false }
        guard let time = entry.nanoseconds else { return since == nil && until == nil }
        if let since, time < since { return false }
        if let until, time >= until { return false }
        return true
    }
}

/// Reads a json-file log and its rotated files (`path.N` oldest ... `path.1`, then `path`).
package enum ContainerLog {
    /// The files of the log at `path`, oldest first, for `maxFiles` kept files.
    package static func files(_ path: String, maxFiles: Int) -> [String] {
        let rotated = stride(from: maxFiles - 1, through: 1, by: -1).map { "\(path).\($0)" }
        return (rotated + [path]).filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Decodes the lines of `data`; a malformed line (a torn write) is skipped.
    package static func entries(_ data: Data) -> [LogEntry] {
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            // Invalid UTF-8 in the container's output becomes U+FFFD here, as Docker shows it.
            let text = String(decoding: line, as: UTF8.self)
            return try? decoder.decode(LogEntry.self, from: Data(text.utf8))
        }
    }

    /// The entries of the log at `path` that `query` selects.
    package static func read(_ path: String, maxFiles: Int, query: LogQuery) -> [LogEntry] {
        var selected: [LogEntry] = []
        for file in files(path, maxFiles: maxFiles) {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            selected += entries(data).filter(query.accepts)
        }
        if let tail = query.tail, tail >= 0 { selected = Array(selected.suffix(tail)) }
        return selected
    }
}

/// Parses `2006-01-02T15:04:05[.fraction]Z` (UTC, as berth writes it) into nanoseconds since the epoch.
package func parseTimestamp(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
    func number(_ from: Int, _ count: Int) -> Int? {
        Int(String(decoding: bytes[from..<(from + count)], as: UTF8.self))
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
        let minute = number(14, 2), let second = number(17, 2)
    else { return nil }
    var parts = tm()
    parts.tm_year = Int32(year - 1900)
    parts.tm_mon = Int32(month - 1)
    parts.tm_mday = Int32(day)
    parts.tm_hour = Int32(hour)
    parts.tm_min = Int32(minute)
    parts.tm_sec = Int32(second)
    let seconds = Int64(timegm(&parts))
    var fraction: Int64 = 0
    if bytes.count > 21, bytes[19] == UInt8(ascii: ".") {
        let digits = bytes[20..<(bytes.count - 1)].prefix(9)
        guard let value = Int64(String(decoding: digits, as: UTF8.self)) else { return nil }
        fraction = value * Int64(pow(10.0, Double(9 - digits.count)))
    }
    return seconds * 1_000_000_000 + fraction
}

/// Formats nanoseconds since the epoch as berth's timestamps (9 fraction digits, UTC).
package func formatTimestamp(_ nanoseconds: Int64) -> String {
    var seconds = time_t(nanoseconds / 1_000_000_000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    let fraction = String(nanoseconds % 1_000_000_000)
    let padded = String(repeating: "0", count: 9 - fraction.count) + fraction
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
        + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(padded)Z"
}

/// The current time in nanoseconds since the epoch.
package func nowNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}
