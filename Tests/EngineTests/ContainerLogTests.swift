import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

struct ContainerLogTests {
    private func line(_ text: String, _ stream: String, _ time: String) -> String {
        #"{"log":"\#(text)\n","stream":"\#(stream)","time":"\#(time)"}"# + "\n"
    }

    /// A log with two rotated files in a temp folder.
    private func withLog(_ body: (String) throws -> Void) throws {
        let folder = NSTemporaryDirectory() + "berth-log-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/container-json.log"
        try (line("a", "stdout", "2026-01-01T00:00:01.000000000Z") + line("b", "stderr", "2026-01-01T00:00:02.5Z"))
            .write(toFile: path + ".2", atomically: true, encoding: .utf8)
        try (line("c", "stdout", "2026-01-01T00:00:03.000000001Z") + "{torn")
            .write(toFile: path + ".1", atomically: true, encoding: .utf8)
        try line("d", "stdout", "2026-01-01T00:00:04.000000000Z").write(toFile: path, atomically: true, encoding: .utf8)
        try body(path)
    }

    @Test func readsRotatedFilesOldestFirstAndSkipsTornLines() throws {
        try withLog { path in
            let entries = ContainerLog.read(path, maxFiles: 3, query: LogQuery())
            #expect(entries.map(\.log) == ["a\n", "b\n", "c\n", "d\n"])
            #expect(entries[1].stream == "stderr")
            #expect(
                ContainerLog.files(path, maxFiles: 2).map { ($0 as NSString).lastPathComponent } == [
                    "container-json.log.1", "container-json.log",
                ])
        }
    }

    @Test func sinceUntilAndTailSelect() throws {
        try withLog { path in
            let since = try #require(parseTimestamp("2026-01-01T00:00:02.5Z"))
            let until = try #require(parseTimestamp("2026-01-01T00:00:04Z"))
            let window = ContainerLog.read(path, maxFiles: 3, query: LogQuery(since: since, until: until))
            #expect(window.map(\.log) == ["b\n", "c\n"])
            #expect(ContainerLog.read(path, maxFiles: 3, query: LogQuery(tail: 2)).map(\.log) == ["c\n", "d\n"])
            #expect(ContainerLog.read(path, maxFiles: 3, query: LogQuery(tail: 0)).isEmpty)
            var stderrOnly = LogQuery()
            stderrOnly.stdout = false
            #expect(ContainerLog.read(path, maxFiles: 3, query: stderrOnly).map(\.log) == ["b\n"])
        }
    }

    @Test func timestampsRoundTrip() throws {
        let value = try #require(parseTimestamp("2026-11-29T04:46:21.123456789Z"))
        #expect(formatTimestamp(value) == "2026-11-29T04:46:21.123456789Z")
        #expect(parseTimestamp("2026-11-29T04:46:21Z") == value - 123_456_789)
        #expect(parseTimestamp("yesterday") == nil)
    }

    @Test func logOptionsParseDockerSizes() throws {
        #expect(try LogOptions(maxSize: "10m", maxFile: "3") == LogOptions(maxSize: 10 << 20, maxFiles: 3))
        #expect(try LogOptions(maxSize: "512", maxFile: nil) == LogOptions(maxSize: 512, maxFiles: 1))
        #expect(throws: EngineError.self) { try LogOptions(maxSize: "ten", maxFile: nil) }
        #expect(throws: EngineError.self) { try LogOptions(maxSize: nil, maxFile: "0") }
    }
}
