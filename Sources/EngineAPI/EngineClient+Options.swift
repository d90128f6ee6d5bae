/// Docker's `filters` query parameter: values by filter name (`label`, `name`, `status`, `id`, ...), sent
/// as the JSON object `{"label": ["a=b"]}`. Several values of one name match any; several names match all.
package struct Filters: Sendable, Equatable {
    /// Values by filter name.
    package var values: [String: [String]]

    /// Creates filters.
    package init(_ values: [String: [String]] = [:]) {
        self.values = values
    }

    /// Filters on one label (`key` or `key=value`).
    package static func label(_ label: String) -> Filters { Filters(["label": [label]]) }

    /// These filters with one more value.
    package func adding(_ name: String, _ value: String) -> Filters {
        var copy = self
        copy.values[name, default: []].append(value)
        return copy
    }

    /// Whether there are no filters.
    package var isEmpty: Bool { values.isEmpty }
}

/// The query of `GET /containers/json`.
package struct ContainerListOptions: Sendable, Equatable {
    /// Whether stopped containers are listed too.
    package var all: Bool
    /// Filters.
    package var filters: Filters
    /// Whether sizes are computed.
    package var size: Bool

    /// Creates options.
    package init(all: Bool = false, filters: Filters = Filters(), size: Bool = false) {
        self.all = all
        self.filters = filters
        self.size = size
    }
}

/// The condition `POST /containers/{id}/wait` waits for.
package enum WaitCondition: String, Sendable, Equatable {
    /// The container is not running (returns at once when it is stopped already).
    case notRunning = "not-running"
    /// The container's next exit.
    case nextExit = "next-exit"
    /// The container was removed.
    case removed
}

/// The query of `GET /containers/{id}/logs`.
package struct LogOptions: Sendable, Equatable {
    /// Whether the stream follows new output.
    package var follow: Bool
    /// Whether standard output is included.
    package var stdout: Bool
    /// Whether standard error is included.
    package var stderr: Bool
    /// Only lines since this time (Unix seconds, with fraction, or RFC 3339).
    package var since: String?
    /// Only lines before this time.
    package var until: String?
    /// Whether each line carries its timestamp.
    package var timestamps: Bool
    /// How many lines from the end (`all` or a number).
    package var tail: String?

    /// Creates options.
    package init(
        follow: Bool = false, stdout: Bool = true, stderr: Bool = true, since: String? = nil,
        until: String? = nil, timestamps: Bool = false, tail: String? = nil
    ) {
        self.follow = follow
        self.stdout = stdout
        self.stderr = stderr
        self.since = since
        self.until = until
        self.timestamps = timestamps
        self.tail = tail
    }
}

/// Which standard stream output came from (the first byte of a multiplexed frame header).
package enum StdStream: UInt8, Sendable, Equatable {
    /// Standard input (written back by an attached tty).
    case stdin = 0
    /// Standard output.
    case stdout = 1
    /// Standard error.
    case stderr = 2
}

/// One log line of a container.
package struct LogLine: Sendable, Equatable {
    /// Where it came from.
    package var stream: StdStream
    /// The line, without its newline.
    package var line: String
    /// Its timestamp (RFC 3339 with nanoseconds), when asked for with `timestamps`.
    package var timestamp: String?

    /// Creates a line.
    package init(stream: StdStream, line: String, timestamp: String? = nil) {
        self.stream = stream
        self.line = line
        self.timestamp = timestamp
    }
}

/// A piece of output of an exec instance or an attached container.
package struct OutputChunk: Sendable, Equatable {
    /// Where it came from.
    package var stream: StdStream
    /// The bytes.
    package var bytes: [UInt8]

    /// Creates a chunk.
    package init(stream: StdStream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }
}
