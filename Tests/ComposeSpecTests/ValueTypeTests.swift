import Testing

@testable import ComposeSpec

/// The grammars of the model's value types, against what compose-go accepts and prints.
struct ValueTypeTests {
    @Test(
        arguments: [
            ("1m30s", 90_000_000_000, "1m30s"), ("10s", 10_000_000_000, "10s"), ("1h", 3_600_000_000_000, "1h0m0s"),
            ("500ms", 500_000_000, "500ms"), ("1.5s", 1_500_000_000, "1.5s"), ("60s", 60_000_000_000, "1m0s"),
            ("120s", 120_000_000_000, "2m0s"), ("0", 0, "0s"), ("1us", 1_000, "1µs"), ("1µs", 1_000, "1µs"),
            ("2d", 172_800_000_000_000, "48h0m0s"), ("1w", 604_800_000_000_000, "168h0m0s"),
            ("-1.5h", -5_400_000_000_000, "-1h30m0s"),
            (".5m", 30_000_000_000, "30s"), ("1h2m3.004s", 3_723_004_000_000, "1h2m3.004s"), ("3ns", 3, "3ns"),
            ("1.2345ms", 1_234_500, "1.2345ms"), ("+5s", 5_000_000_000, "5s"),
        ] as [(String, Int64, String)])
    func durationParsesAndPrintsAsGo(text: String, nanoseconds: Int64, printed: String) throws {
        let duration = try ComposeDuration(parsing: text)
        #expect(duration.nanoseconds == nanoseconds)
        #expect(duration.description == printed)
    }

    @Test(arguments: ["", "10", "5x", "s", "1.s.", "--1s", "1s2", "1 s", "."])
    func durationRejectsBadText(text: String) {
        #expect(throws: SpecError.self) { try ComposeDuration(parsing: text) }
    }

    @Test(
        arguments: [
            ("1024", 1024), ("-1", -1), ("2gb", 2_147_483_648), ("512m", 536_870_912), ("512M", 536_870_912),
            ("1k", 1024), ("1kb", 1024), ("1KiB", 1024), ("1.5g", 1_610_612_736), ("10 mb", 10_485_760), ("100b", 100),
            ("0", 0), ("1t", 1_099_511_627_776),
        ] as [(String, Int64)])
    func byteSizeParses(text: String, bytes: Int64) throws {
        #expect(try ByteSize(parsing: text).bytes == bytes)
    }

    @Test(arguments: ["", "abc", "1x", "1.5.5g", "-1g", "g", "1gbb", "1.g"])
    func byteSizeRejectsBadText(text: String) {
        #expect(throws: SpecError.self) { try ByteSize(parsing: text) }
    }

    @Test(
        arguments: [
            ("bundle exec thin -p 3000", ["bundle", "exec", "thin", "-p", "3000"]),
            ("echo \"hello world\"", ["echo", "hello world"]),
            ("echo 'a b' c", ["echo", "a b", "c"]),
            ("a\\ b", ["a b"]),
            ("echo \"a\\\"b\"", ["echo", "a\"b"]),
            ("echo 'a\\b'", ["echo", "a\\b"]),
            ("  spaced   out  ", ["spaced", "out"]),
            ("echo \"\"", ["echo", ""]),
            ("", []),
            ("echo a && echo b", ["echo", "a"]),
            ("cat < in > out", ["cat"]),
            ("cmd 2>/dev/null", ["cmd"]),
            ("echo $(date) now", ["echo", "$(date)", "now"]),
            ("echo `date` now", ["echo", "`date`", "now"]),
            ("sh -c 'echo a; echo b'", ["sh", "-c", "echo a; echo b"]),
        ] as [(String, [String])])
    func shellCommandSplitsLikeShellwords(line: String, words: [String]) throws {
        #expect(try ShellCommand(parsing: line).arguments == words)
    }

    @Test(arguments: ["echo \"open", "echo 'open", "trailing\\", "a(b"])
    func shellCommandRejectsUnbalancedText(line: String) {
        #expect(throws: SpecError.self) { try ShellCommand(parsing: line) }
    }

    @Test(
        arguments: [
            ("mode: 0440", 288), ("mode: \"0440\"", 288), ("mode: \"440\"", 288), ("mode: 288", 288),
            ("mode: 0o440", 288), ("mode: '0777'", 511),
        ] as [(String, Int64)])
    func fileModeReadsOctal(yaml: String, bits: Int64) throws {
        let reference = try ModelFixture.decode(ServiceFileReference.self, "source: s\n" + yaml)
        #expect(reference.mode == FileMode(bits: bits))
    }

    @Test func fileModePrintsOctalText() {
        #expect(FileMode(bits: 288).description == "0440")
        #expect(FileMode(bits: 0).description == "00")
    }

    @Test func fileModeRejectsNonOctalText() throws {
        let error = try ModelFixture.decodeError(ServiceFileReference.self, "source: s\nmode: \"0999\"")
        #expect(error.code == .invalidValue)
        #expect(error.path == "mode")
    }

    @Test func healthCheckTestStringBecomesShellForm() throws {
        let check = try ModelFixture.decode(HealthCheck.self, "test: curl -f http://localhost")
        #expect(check.test == ["CMD-SHELL", "curl -f http://localhost"])
        let list = try ModelFixture.decode(HealthCheck.self, "test: [CMD, curl, -f]")
        #expect(list.test == ["CMD", "curl", "-f"])
    }

    @Test func cpusReadNumbersAndText() throws {
        #expect(try ModelFixture.decode(ResourceLimits.self, "cpus: 0.5").cpus == 0.5)
        #expect(try ModelFixture.decode(ResourceLimits.self, "cpus: '1.5'").cpus == 1.5)
        #expect(try ModelFixture.decode(ResourceLimits.self, "cpus: 2").cpus == 2)
    }

    @Test func ulimitsReadOneNumberOrAPair() throws {
        let limits = try ModelFixture.decode([String: Ulimit].self, "nproc: 65535\nnofile: {soft: 20000, hard: 40000}")
        #expect(limits["nproc"] == Ulimit(65535))
        #expect(limits["nofile"] == Ulimit(soft: 20000, hard: 40000))
    }

    @Test func extraHostsReadListsAndMappings() throws {
        let list = try ModelFixture.decode(HostList.self, "[\"a=1.2.3.4\", \"b:::1\", \"c=[::2],10.0.0.1\"]")
        let pairs = list.entries.map { "\($0.hostname)=\($0.address)" }
        #expect(pairs == ["a=1.2.3.4", "b=::1", "c=::2", "c=10.0.0.1"])
        let mapping = try ModelFixture.decode(HostList.self, "a: 1.2.3.4\nb: [\"::1\", 10.0.0.2]")
        #expect(mapping.entries.map(\.address) == ["1.2.3.4", "::1", "10.0.0.2"])
    }

    @Test func extraHostsRejectAnEntryWithoutAddress() throws {
        let error = try ModelFixture.decodeError(HostList.self, "[\"nohost\"]")
        #expect(error.code == .invalidValue)
    }

    @Test func extensionValuesAreTypedAsYAMLReadsThem() throws {
        let values = try ModelFixture.decode(
            Extensions.self, "x-a: 42\nx-b: \"42\"\nx-c: true\nx-d: 1.5\nx-e: ~\nx-f: text\nx-g: [1, two]")
        #expect(values["x-a"] == .integer(42))
        #expect(values["x-b"] == .string("42"))
        #expect(values["x-c"] == .bool(true))
        #expect(values["x-d"] == .number(1.5))
        #expect(values["x-e"] == .null)
        #expect(values["x-f"] == .string("text"))
        #expect(values["x-g"] == .list([.integer(1), .string("two")]))
    }
}
