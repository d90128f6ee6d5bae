import Testing

@testable import Engine
@testable import RuntimeCore

struct RestartPolicyTests {
    @Test func parsesDockerSpellings() throws {
        #expect(try RestartPolicy(parsing: "no") == .no)
        #expect(try RestartPolicy(parsing: "always") == .always)
        #expect(try RestartPolicy(parsing: "unless-stopped") == .unlessStopped)
        #expect(try RestartPolicy(parsing: "on-failure") == .onFailure(maxRetries: 0))
        #expect(try RestartPolicy(parsing: "on-failure:3") == .onFailure(maxRetries: 3))
        #expect(throws: EngineError.self) { try RestartPolicy(parsing: "on-failure:x") }
        #expect(throws: EngineError.self) { try RestartPolicy(parsing: "sometimes") }
    }

    @Test func decidesAsDocker() {
        #expect(!RestartPolicy.no.shouldRestart(exitCode: 1, restartCount: 0, stoppedByUser: false))
        #expect(RestartPolicy.always.shouldRestart(exitCode: 0, restartCount: 9, stoppedByUser: false))
        #expect(!RestartPolicy.always.shouldRestart(exitCode: 0, restartCount: 0, stoppedByUser: true))
        #expect(!RestartPolicy.unlessStopped.shouldRestart(exitCode: 1, restartCount: 0, stoppedByUser: true))
        let twice = RestartPolicy.onFailure(maxRetries: 2)
        #expect(!twice.shouldRestart(exitCode: 0, restartCount: 0, stoppedByUser: false))
        #expect(twice.shouldRestart(exitCode: 1, restartCount: 1, stoppedByUser: false))
        #expect(!twice.shouldRestart(exitCode: 1, restartCount: 2, stoppedByUser: false))
    }

    @Test func backoffDoublesUpToAMinuteAndResetsAfterALongRun() {
        var backoff = RestartBackoff()
        let quick = (0..<12).map { _ in backoff.next(ranFor: 0.5) }
        #expect(Array(quick.prefix(4)) == [100, 200, 400, 800])
        #expect(quick.last == 60_000)
        #expect(backoff.next(ranFor: 10) == 100)
    }
}
