import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ContainerStoreTests {
    /// A create killed between reserving its name and writing its record leaves the name to the next
    /// create; a create still under way (its creator alive) keeps it.
    @Test func abandonedNameIsTakenOverLiveOneIsNot() throws {
        try StoreFixture.with { fixture in
            func plant(_ name: String, creator pid: Int32) throws -> String {
                let id = ContainerStore.makeID()
                try FileManager.default.createDirectory(
                    atPath: fixture.store.directory(id), withIntermediateDirectories: true)
                try "\(pid) \(StateFiles.startTime(of: pid))".write(
                    toFile: fixture.store.directory(id) + "/creator", atomically: true, encoding: .utf8)
                #expect(symlink(id, fixture.root + "/names/" + name) == 0)
                return id
            }
            let ended = Process()
            ended.executableURL = URL(fileURLWithPath: "/bin/true")
            try ended.run()
            ended.waitUntilExit()
            let abandoned = try plant("taken-over", creator: ended.processIdentifier)
            let record = try fixture.store.create(fixture.config(["true"], name: "taken-over"))
            #expect(try fixture.store.resolve("taken-over") == record.id)
            #expect(!FileManager.default.fileExists(atPath: fixture.store.directory(abandoned)))

            let live = try plant("in-progress", creator: getpid())
            #expect(throws: EngineError.self) {
                try fixture.store.create(fixture.config(["true"], name: "in-progress"))
            }
            #expect(try fixture.store.resolve("in-progress") == live)
            try? FileManager.default.removeItem(atPath: fixture.store.directory(live))
            unlink(fixture.root + "/names/in-progress")
        }
    }

    /// At daemon start: what a killed create or a power loss left goes (an ephemeral container's
    /// empty record, a folder without record whose creator ended, names pointing at them); a create
    /// under way, a real container and a durable record that reads badly (damage, not debris) stay.
    @Test func debrisIsRemovedRealContainersStay() throws {
        try StoreFixture.with { fixture in
            let ended = Process()
            ended.executableURL = URL(fileURLWithPath: "/bin/true")
            try ended.run()
            ended.waitUntilExit()
            let dead = "\(ended.processIdentifier) \(StateFiles.startTime(of: getpid()))"
            func plant(mark: String, record: String?, name: String? = nil) throws -> String {
                let id = ContainerStore.makeID()
                let folder = fixture.store.directory(id)
                try FileManager.default.createDirectory(atPath: folder + "/upper", withIntermediateDirectories: true)
                try mark.write(toFile: folder + "/creator", atomically: false, encoding: .utf8)
                try record?.write(toFile: folder + "/record.json", atomically: false, encoding: .utf8)
                if let name { #expect(symlink(id, fixture.root + "/names/" + name) == 0) }
                return id
            }
            let ephemeral = try plant(mark: dead + " ephemeral", record: "", name: "lost-at-power-off")
            let unsynced = try plant(mark: "", record: "")
            let cutShort = try plant(mark: dead, record: nil)
            let underWay = try plant(mark: "\(getpid()) \(StateFiles.startTime(of: getpid()))", record: nil)
            let damaged = try plant(mark: dead, record: "{not json")
            let real = try fixture.store.create(fixture.config(["true"], name: "real"))
            try FileManager.default.createDirectory(
                atPath: fixture.root + "/trash/left/upper", withIntermediateDirectories: true)

            #expect(Set(fixture.store.removeDebris()) == [ephemeral, unsynced, cutShort])
            for gone in [ephemeral, unsynced, cutShort] {
                #expect(!FileManager.default.fileExists(atPath: fixture.store.directory(gone)))
            }
            #expect(
                (try? FileManager.default.destinationOfSymbolicLink(atPath: fixture.root + "/names/lost-at-power-off"))
                    == nil)
            for kept in [underWay, damaged, real.id] {
                #expect(FileManager.default.fileExists(atPath: fixture.store.directory(kept)))
            }
            #expect(try fixture.store.resolve("real") == real.id)
            #expect(!FileManager.default.fileExists(atPath: fixture.root + "/trash/left"))
            for junk in [underWay, damaged] {
                try? FileManager.default.removeItem(atPath: fixture.store.directory(junk))
            }
        }
    }

    /// The containers folder carries ext4's "top directory" flag (`chattr +T`), so each
    /// container's folder and files go to a block group of their own (see `ContainerStore.init`).
    @Test func containersFolderSpreadsItsFolders() throws {
        try StoreFixture.with { fixture in
            let lsattr = Process()
            lsattr.executableURL = URL(fileURLWithPath: "/usr/bin/lsattr")
            lsattr.arguments = ["-d", fixture.root + "/containers"]
            let output = Pipe()
            lsattr.standardOutput = output
            try lsattr.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            lsattr.waitUntilExit()
            try #require(lsattr.terminationStatus == 0, "lsattr: \(text)")
            let flags = text.split(separator: " ").first ?? ""
            #expect(flags.contains("T"), "\(text)")
        }
    }

    /// A daemon's store deletes in the background: the folder leaves its place before `delete`
    /// returns (by rename into root/trash) and is emptied soon after.
    @Test func backgroundRemovalLeavesNothing() throws {
        try StoreFixture.with { fixture in
            let store = try ContainerStore(
                root: fixture.root, runRoot: fixture.root + "/run", runtime: ContainerRuntime(),
                removesInBackground: true)
            let record = try store.start(try store.create(fixture.config(["true"], name: "gone-soon")).id)
            _ = try store.wait(record.id)
            try store.delete(record.id)
            #expect(!FileManager.default.fileExists(atPath: store.directory(record.id)))
            #expect(throws: EngineError.self) { try store.resolve("gone-soon") }
            var empty = false
            // The removal runs at nice 19: give it time on a busy machine.
            for _ in 0..<250 where !empty {
                usleep(20_000)
                empty = (try? FileManager.default.contentsOfDirectory(atPath: fixture.root + "/trash"))?.isEmpty == true
            }
            #expect(empty)
        }
    }

    /// A daemon's store keeps container folders made ahead (root/pool): a create with layers renames
    /// one into place, and the pool is filled again; a folder left half-made is removed.
    @Test func createsTakeFoldersMadeAhead() throws {
        try StoreFixture.with { fixture in
            try FileManager.default.createDirectory(
                atPath: fixture.root + "/pool/making-left/upper", withIntermediateDirectories: true)
            let store = try ContainerStore(
                root: fixture.root, runRoot: fixture.root + "/run", runtime: ContainerRuntime(),
                removesInBackground: true)
            func readyInodes() -> Set<UInt64> {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: fixture.root + "/pool")) ?? []
                return Set(
                    names.filter { $0.hasPrefix("ready-") }.compactMap { name -> UInt64? in
                        var info = stat()
                        return stat(fixture.root + "/pool/" + name, &info) == 0 ? UInt64(info.st_ino) : nil
                    })
            }
            func waitForFullPool() -> Set<UInt64> {
                for _ in 0..<250 {
                    let inodes = readyInodes()
                    if inodes.count == ContainerStore.pooledFolders { return inodes }
                    usleep(20_000)
                }
                return readyInodes()
            }
            let before = waitForFullPool()
            #expect(before.count == ContainerStore.pooledFolders)
            #expect(!FileManager.default.fileExists(atPath: fixture.root + "/pool/making-left"))
            let record = try store.create(fixture.config(["true"]) { $0.layers = [fixture.rootfs.directory] })
            var info = stat()
            #expect(stat(store.directory(record.id), &info) == 0)
            #expect(before.contains(UInt64(info.st_ino)), "the container's folder is one made ahead")
            for name in ContainerStore.overlayFolders {
                #expect(FileManager.default.fileExists(atPath: store.directory(record.id) + "/" + name))
            }
            let after = waitForFullPool()
            #expect(after.count == ContainerStore.pooledFolders && !after.contains(UInt64(info.st_ino)))
            try store.delete(record.id)
        }
    }

    /// An update that changes nothing writes nothing (each state file is replaced by rename, so its
    /// inode tells a rewrite); one that changes the config rewrites the record and config.json.
    @Test func anUpdateThatChangesNothingWritesNothing() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.store.create(fixture.config(["true"]))
            func inodes() -> [UInt] {
                ["record.json", "config.json"].map { name in
                    var info = stat()
                    return stat(fixture.store.directory(record.id) + "/" + name, &info) == 0 ? UInt(info.st_ino) : 0
                }
            }
            let before = inodes()
            #expect(!before.contains(0))
            _ = try fixture.store.update(record.id) { _ in }
            #expect(inodes() == before)
            let changed = try fixture.store.update(record.id) { $0.spec.hostname = "changed" }
            #expect(changed.config.spec.hostname == "changed")
            #expect(inodes()[0] != before[0] && inodes()[1] != before[1])
            #expect(try fixture.store.inspect(record.id).config.spec.hostname == "changed")
            try fixture.store.delete(record.id)
        }
    }

    @Test func logsHoldBothStreamsInOrderWithTimestamps() throws {
        try StoreFixture.with { fixture in
            // Two pipes: the order across streams is the order the shim reads them in, so the writes
            // are spaced (Docker's json-file has the same property).
            let record = try fixture.run([
                "sh", "-c", "echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three; exit 4",
            ])
            let finished = try fixture.store.wait(record.id)
            #expect(finished.state.status == .exited)
            #expect(finished.state.exitCode == 4)
            #expect(!finished.state.finishedAt.isEmpty)
            let entries = try fixture.store.logs(record.id)
            #expect(entries.map(\.log) == ["one\n", "two\n", "three\n"])
            #expect(entries.map(\.stream) == ["stdout", "stderr", "stdout"])
            let times = entries.compactMap(\.nanoseconds)
            #expect(times.count == 3 && times == times.sorted())
        }
    }

    @Test func jsonFileLinesAreDockers() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sh", "-c", "printf 'a \"q\" \\\\ \\t\\n'"])
            try fixture.store.wait(record.id)
            let text = try String(contentsOfFile: fixture.store.logPath(record.id), encoding: .utf8)
            let pattern =
                #"^\{"log":"a \\"q\\" \\\\ \\t\\n","stream":"stdout","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z"\}\n$"#
            #expect(text.range(of: pattern, options: .regularExpression) != nil, "\(text)")
        }
    }

    @Test func logRotatesBySize() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sh", "-c", "i=0; while [ $i -lt 200 ]; do echo line $i; i=$((i+1)); done"]) {
                $0.log = LogOptions(maxSize: 2000, maxFiles: 3)
            }
            try fixture.store.wait(record.id)
            let log = fixture.store.logPath(record.id)
            let files = FileManager.default
            #expect(files.fileExists(atPath: log + ".1") && files.fileExists(atPath: log + ".2"))
            #expect(!files.fileExists(atPath: log + ".3"))
            for file in [log, log + ".1", log + ".2"] {
                let size = (try files.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                #expect(size <= 2000)
            }
            let lines = try fixture.store.logs(record.id).map(\.log)
            #expect(lines.last == "line 199\n")
            let numbers = lines.compactMap { Int($0.dropFirst(5).dropLast()) }
            #expect(numbers == Array((numbers.first ?? 0)...199))
        }
    }

    @Test func stopWaitsForTheGracePeriodThenKills() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.1; done"])
            try waitForLog(fixture, record.id, "ready\n")
            let started = nowNanoseconds()
            let stopped = try fixture.store.stop(record.id, timeout: 1)
            #expect(stopped.state.exitCode == 137)
            #expect(stopped.state.stoppedByUser)
            #expect(nowNanoseconds() - started >= 1_000_000_000)
        }
    }

    @Test func stopSignalEndsAProcessThatHandlesIt() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sh", "-c", "trap 'exit 3' TERM; echo ready; while :; do sleep 0.1; done"])
            try waitForLog(fixture, record.id, "ready\n")
            #expect(try fixture.store.stop(record.id, timeout: 30).state.exitCode == 3)
        }
    }

    @Test func memoryLimitOOMKillIsRecorded() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["tail", "/dev/zero"]) {
                $0.spec.resources.memory = 16 << 20
                $0.spec.resources.memorySwap = 16 << 20
            }
            let finished = try fixture.store.wait(record.id)
            #expect(finished.state.exitCode == 137)
            #expect(finished.state.oomKilled)
        }
    }

    @Test func pidsLimitContainsAForkLoop() throws {
        try StoreFixture.with { fixture in
            // The subshell dies when fork fails; pid 1 then becomes a sleep without forking.
            let script = "(while :; do sleep 30 & done) 2>/dev/null; echo contained; exec sleep 30"
            let record = try fixture.run(["sh", "-c", script]) { $0.spec.resources.pidsLimit = 10 }
            try waitForLog(fixture, record.id, "contained")
            let pids = try #require(try fixture.store.stats(record.id).pids)
            #expect(pids <= 10)
            #expect(try fixture.store.top(record.id).count - 1 <= 10)
        }
    }

    @Test func execSeesTheSameNamespacesAndReturnsItsStatus() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sleep", "30"])
            let names = ["pid", "mnt", "uts", "ipc", "net"]
            let expected = try names.map {
                try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(record.state.pid)/ns/\($0)")
            }
            let output = fixture.rootfs.directory + "/exec.out"
            let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            defer { close(fd) }
            let script = names.map { "readlink /proc/self/ns/\($0)" }.joined(separator: "; ") + "; exit 5"
            let status = try fixture.store.exec(
                record.id, ExecOptions(args: ["sh", "-c", script]), stdio: (fd, fd, fd))
            #expect(status == 5)
            let seen = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(seen == expected)
            #expect(try fixture.store.exec(record.id, ExecOptions(args: ["nothere"]), stdio: (fd, fd, fd)) == 127)
        }
    }

    @Test func pauseFreezesAndUnpauseThaws() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sleep", "30"])
            try fixture.store.pause(record.id)
            #expect(try fixture.store.inspect(record.id).state.status == .paused)
            try fixture.store.unpause(record.id)
            #expect(try fixture.store.inspect(record.id).state.status == .running)
            #expect(try fixture.store.top(record.id).count == 2)
            #expect(try fixture.store.stats(record.id).pids == 1)
        }
    }

    @Test func deleteRefusesARunningContainerUnlessForcedAndLeavesNothing() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sleep", "30"])
            #expect(throws: EngineError.self) { try fixture.store.delete(record.id) }
            try fixture.store.delete(record.id, force: true)
            #expect(fixture.leftovers(record.id).isEmpty)
            #expect(!isRunning(record.state.shimPid))
            #expect(throws: EngineError.self) { try fixture.store.inspect(record.name) }
        }
    }

    @Test func namesAreUniqueAndResolve() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.store.create(fixture.config(["true"], name: "web-1"))
            #expect(try fixture.store.resolve("web-1") == record.id)
            #expect(try fixture.store.resolve(String(record.id.prefix(12))) == record.id)
            #expect(throws: EngineError.self) { try fixture.store.create(fixture.config(["true"], name: "web-1")) }
        }
    }

    /// Whether `pid` exists and is not a zombie (the shim's new parent reaps it when it gets to it).
    private func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
    }

    private func waitForLog(_ fixture: StoreFixture, _ id: String, _ text: String) throws {
        for _ in 0..<500 {
            if try fixture.output(id).contains(text) { return }
            usleep(10_000)
        }
        Issue.record("no \"\(text)\" in the log of \(id)")
    }
}
