import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

@Suite struct SeccompProfileTests {
    private func profile(_ json: String) throws -> SeccompProfile {
        try SeccompProfile(json: Data(json.utf8), source: "test.json")
    }

    private func message(_ json: String) -> String {
        do {
            _ = try profile(json)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func defaultProfileDecodes() {
        let profile = SeccompProfile.dockerDefault
        #expect(profile.defaultAction == "SCMP_ACT_ERRNO")
        #expect((profile.syscalls ?? []).count > 20)
    }

    @Test func includesAndExcludesFollowTheCapabilities() throws {
        let plain = SeccompProfile.dockerDefault.resolved(capabilities: Capabilities.dockerDefault)
        let admin = SeccompProfile.dockerDefault.resolved(capabilities: Capabilities.dockerDefault + ["CAP_SYS_ADMIN"])
        func allows(_ profile: SeccompProfile, _ name: String) -> Bool {
            (profile.syscalls ?? []).contains {
                $0.action == "SCMP_ACT_ALLOW" && $0.args == nil && $0.allNames.contains(name)
            }
        }
        #expect(!allows(plain, "unshare"))
        #expect(allows(admin, "unshare"))
        // clone3 answers ENOSYS without CAP_SYS_ADMIN (excludes), so libc falls back to clone.
        #expect((plain.syscalls ?? []).contains { $0.allNames == ["clone3"] && $0.errnoRet == 38 })
        #expect(!(admin.syscalls ?? []).contains { $0.allNames == ["clone3"] && $0.errnoRet == 38 })
    }

    @Test func archMapBecomesTheArchitectureList() {
        let amd64 = SeccompProfile.dockerDefault.resolved(capabilities: [], nativeArchitecture: "amd64")
        #expect(amd64.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        #expect(amd64.archMap == nil)
        #expect((amd64.syscalls ?? []).contains { $0.allNames == ["arch_prctl"] })
        let arm64 = SeccompProfile.dockerDefault.resolved(capabilities: [], nativeArchitecture: "arm64")
        #expect(!(arm64.syscalls ?? []).contains { $0.allNames == ["arch_prctl"] })
    }

    @Test func conditionalIncludeFixture() throws {
        let url = URL(fileURLWithPath: corpus + "/security/seccomp-fixtures/conditional_include.json")
        let profile = try SeccompProfile(json: Data(contentsOf: url), source: url.path)
        let names = profile.resolved(capabilities: ["CAP_SYS_ADMIN"]).syscalls?.flatMap(\.allNames)
        #expect(names == ["chmod"])
    }

    @Test func oldFormatWithSingleNamesCompiles() throws {
        let url = URL(fileURLWithPath: corpus + "/security/seccomp-fixtures/default-old-format.json")
        let profile = try SeccompProfile(json: Data(contentsOf: url), source: url.path)
        let program = try SeccompFilter.compile(profile.resolved(capabilities: []))
        #expect(program.count > 8 && program.count % 8 == 0)
    }

    @Test func defaultProfileCompilesToBPF() throws {
        let program = try SeccompFilter.compile(
            SeccompProfile.dockerDefault.resolved(capabilities: Capabilities.dockerDefault))
        #expect(program.count % 8 == 0)
        #expect(program.count / 8 > 100)
    }

    @Test func malformedProfilesNameTheField() {
        #expect(message(#"{"syscalls": []}"#).contains("defaultAction: missing"))
        #expect(message(#"{"defaultAction": "SCMP_ACT_NOPE"}"#).contains("defaultAction: unknown action"))
        #expect(
            message(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": 3}]}"#)
                .contains("syscalls[0].action"))
        #expect(
            message(
                #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_ABOUT"}]}]}"#
            ).contains("syscalls[0].args[0].op"))
        #expect(message("{").contains("test.json"))
    }

    private var corpus: String {
        ProcessInfo.processInfo.environment["BERTH_CORPUS"] ?? "/work/shared/corpus"
    }
}
