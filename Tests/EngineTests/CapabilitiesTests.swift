import Testing

@testable import Engine
@testable import RuntimeCore

@Suite struct CapabilitiesTests {
    @Test func defaultMaskIsDockers() {
        #expect(Capabilities.mask(Capabilities.dockerDefault) == 0xa804_25fb)
    }

    @Test func addAndDropApplyToTheDefaultSet() throws {
        let caps = try Capabilities.resolve(add: ["sys_admin"], drop: ["CAP_NET_RAW", "kill"])
        #expect(caps.contains("CAP_SYS_ADMIN"))
        #expect(!caps.contains("CAP_NET_RAW"))
        #expect(!caps.contains("CAP_KILL"))
        #expect(caps.count == 13)
    }

    @Test func dropAllKeepsOnlyTheAdditions() throws {
        #expect(
            try Capabilities.resolve(add: ["NET_ADMIN", "CHOWN"], drop: ["ALL"]) == ["CAP_CHOWN", "CAP_NET_ADMIN"])
    }

    @Test func addAllGrantsEverythingButTheDrops() throws {
        let caps = try Capabilities.resolve(add: ["all"], drop: ["SYS_MODULE"])
        #expect(caps.count == Capabilities.names.count - 1)
        #expect(!caps.contains("CAP_SYS_MODULE"))
    }

    @Test func unknownCapabilityNamesTheField() {
        #expect {
            try Capabilities.resolve(add: [], drop: ["SYS_NOPE"])
        } throws: { error in
            "\(error)".contains("cap_drop") && "\(error)".contains("SYS_NOPE")
        }
    }

    @Test func initMessageCarriesTheMaskAndNoNewPrivs() throws {
        let spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        let tokens = try InitMessage.encode(spec).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let index = try #require(tokens.firstIndex(of: "capabilities"))
        #expect(tokens[index + 1] == String(0xa804_25fb))
        #expect(tokens.contains("no-new-privs"))
        #expect(tokens.contains("seccomp"))
    }

    @Test func privilegedSendsNoConfinement() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.makePrivileged()
        let tokens = try InitMessage.encode(spec).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(!tokens.contains("capabilities"))
        #expect(!tokens.contains("no-new-privs"))
        #expect(!tokens.contains("seccomp"))
    }
}

@Suite struct ProcessSettingsEncodingTests {
    @Test func netSysctlNeedsANetworkNamespace() {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.namespaces.remove(.network)
        spec.sysctls = ["net.ipv4.ip_forward": "1"]
        #expect { try InitMessage.encode(spec) } throws: { "\($0)".contains("private network namespace") }
    }

    @Test func unknownRlimitIsRefused() {
        #expect { try Rlimit(type: "bogus", soft: 1, hard: 1) } throws: { "\($0)".contains("bogus") }
        #expect { try Rlimit(type: "nofile", soft: 2, hard: 1) } throws: { "\($0)".contains("above the hard") }
    }

    @Test func userAndGroupsRoundTripThroughConfigJSON() throws {
        var spec = ContainerSpec(root: .directory("/r"), args: ["true"])
        spec.seccomp = spec.resolvedSeccomp
        for (user, groups) in [("1000:1000", ["5"]), ("app", ["audio"]), ("1000", [])] {
            spec.user = user
            spec.additionalGroups = groups
            spec.rlimits = [try Rlimit(type: "RLIMIT_NOFILE", soft: 10, hard: 20)]
            spec.sysctls = ["kernel.shmmni": "10"]
            let config = OCIConfig(spec: spec)
            #expect(try OCIBundle(directory: "/b", config: config).containerSpec() == spec, "\(user)")
        }
        spec.user = "1000:1000"
        spec.additionalGroups = ["5"]
        #expect(OCIConfig(spec: spec).process?.user == .init(uid: 1000, gid: 1000, additionalGids: [5]))
    }
}
