import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct RestartSupervisorTests {
    @Test func onFailureRestartsUpToItsLimit() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["false"]) { $0.restartPolicy = .onFailure(maxRetries: 2) }
            let supervisor = RestartSupervisor(store: fixture.store)
            supervisor.start()
            defer { supervisor.stop() }
            var state = try fixture.store.inspect(record.id).state
            for _ in 0..<1000 where state.restartCount < 2 || state.status != .exited {
                usleep(10_000)
                state = try fixture.store.inspect(record.id).state
            }
            #expect(state.restartCount == 2)
            #expect(state.status == .exited && state.exitCode == 1)
            #expect(supervisor.runOnce() == nil)
        }
    }

    @Test func aStoppedContainerIsNotRestarted() throws {
        try StoreFixture.with { fixture in
            let record = try fixture.run(["sleep", "30"]) { $0.restartPolicy = .always }
            try fixture.store.stop(record.id, timeout: 0)
            let supervisor = RestartSupervisor(store: fixture.store)
            #expect(supervisor.runOnce() == nil)
            #expect(try fixture.store.inspect(record.id).state.status == .exited)
        }
    }
}
