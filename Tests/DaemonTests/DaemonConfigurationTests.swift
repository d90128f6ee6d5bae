import Foundation
import Testing

@testable import Daemon

@Suite("daemon.json")
struct DaemonConfigurationTests {
    /// Writes `json` to a temporary daemon.json and loads it.
    private func load(_ json: String) throws -> DaemonConfiguration {
        let path = NSTemporaryDirectory() + "berth-daemon-\(UInt32.random(in: 0...UInt32.max)).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try DaemonConfiguration.load(path: path)
    }

    @Test("dockerd's keys and berth's own prefixes are read")
    func readsKeys() throws {
        let configuration = try load(
            """
            {"data-root": "/tmp/r", "ip-forward": false, "berth-bridge-prefix": "bt1-",
             "berth-chain-prefix": "BT1", "default-address-pools": [{"base": "10.99.0.0/16", "size": 24}]}
            """)
        #expect(configuration.root == "/tmp/r")
        #expect(configuration.ipForward == false)
        #expect(configuration.bridgePrefix == "bt1-")
        #expect(configuration.chainPrefix == "BT1")
        #expect(configuration.defaultAddressPools == [.init(base: "10.99.0.0/16", size: 24)])
        try configuration.validate()
        let options = try Daemon.networkOptions(configuration)
        #expect(options.bridgePrefix == "bt1-")
        #expect(options.chains.prefix == "BT1")
    }

    @Test(
        "an unknown key or a wrong type names the key",
        arguments: [
            (#"{"no-such-key": 1}"#, "no-such-key"),
            (#"{"berth-chain-prefix": 3}"#, "berth-chain-prefix"),
            (#"{"ip-forward": "yes"}"#, "ip-forward"),
        ])
    func refusesBadKeys(json: String, key: String) {
        #expect {
            _ = try load(json)
        } throws: { error in
            "\(error)".contains(key)
        }
    }

    @Test(
        "prefixes that would make invalid interface or chain names are refused",
        arguments: [
            (#"{"berth-bridge-prefix": "toolong-"}"#, "berth-bridge-prefix"),
            (#"{"berth-bridge-prefix": ""}"#, "berth-bridge-prefix"),
            (#"{"berth-chain-prefix": "lower"}"#, "berth-chain-prefix"),
            (#"{"berth-chain-prefix": "A-B"}"#, "berth-chain-prefix"),
        ])
    func refusesBadPrefixes(json: String, key: String) throws {
        let configuration = try load(json)
        #expect {
            try configuration.validate()
        } throws: { error in
            "\(error)".contains(key)
        }
    }
}
