import Foundation
import Testing

@testable import Engine
@testable import RuntimeCore

/// Capabilities, no_new_privs and seccomp inside a real busybox container.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ConfinementTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `args` in a fresh busybox container with Docker's default confinement, changed by `configure`.
    private func run(_ args: [String], configure: (inout ContainerSpec) -> Void = { _ in }) throws -> Result {
        var result: Result?
        try BusyboxRootfs.with { fixture in
            var spec = ContainerSpec(root: .directory(fixture.rootfs), args: args)
            configure(&spec)
            let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
            let output = open(fixture.directory + "/stdout", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            let errors = open(fixture.directory + "/stderr", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            defer { [input, output, errors].forEach { close($0) } }
            let status = try ContainerRuntime().run(spec, stdio: (input, output, errors))
            result = Result(
                status: status,
                stdout: try String(contentsOfFile: fixture.directory + "/stdout", encoding: .utf8),
                stderr: try String(contentsOfFile: fixture.directory + "/stderr", encoding: .utf8))
        }
        return try #require(result)
    }

    /// The engine's own capability set, as /proc/self/status prints it.
    private func hostCapabilities() throws -> String {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("CapEff:") })
        return String(line.dropFirst("CapEff:".count)).trimmingCharacters(in: .whitespaces)
    }

    @Test func defaultCapabilitiesAreDockers() throws {
        let result = try run(["grep", "-E", "^(Cap|NoNewPrivs|Seccomp:)", "/proc/self/status"])
        #expect(
            result.stdout
                == """
                CapInh:\t0000000000000000
                CapPrm:\t00000000a80425fb
                CapEff:\t00000000a80425fb
                CapBnd:\t00000000a80425fb
                CapAmb:\t0000000000000000
                NoNewPrivs:\t1
                Seccomp:\t2

                """)
    }

    @Test func mountFailsWithoutSysAdmin() throws {
        let result = try run(["mount", "-t", "tmpfs", "x", "/mnt"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("permission denied"), "\(result.stderr)")
    }

    @Test func hostnameFailsWithoutSysAdmin() throws {
        let result = try run(["hostname", "x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Operation not permitted"), "\(result.stderr)")
    }

    @Test func capAddSysAdminAllowsHostname() throws {
        let result = try run(["sh", "-c", "hostname x && hostname"]) {
            $0.capabilities = try? Capabilities.resolve(add: ["SYS_ADMIN"], drop: [])
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "x\n")
    }

    @Test func dropAllLeavesNoCapabilities() throws {
        let result = try run(["sh", "-c", "grep CapEff /proc/self/status; chown 1 /tmp"]) {
            $0.capabilities = try? Capabilities.resolve(add: [], drop: ["ALL"])
        }
        #expect(result.stdout == "CapEff:\t0000000000000000\n")
        #expect(result.status != 0)
    }

    @Test func privilegedKeepsTheEnginesCapabilitiesAndNoFilter() throws {
        let result = try run(["grep", "-E", "^(CapEff|NoNewPrivs|Seccomp):", "/proc/self/status"]) {
            $0.makePrivileged()
        }
        #expect(result.stdout == "CapEff:\t\(try hostCapabilities())\nNoNewPrivs:\t0\nSeccomp:\t0\n")
    }

    /// unshare(2) is allowed by the default profile only with CAP_SYS_ADMIN; a new user namespace
    /// needs no capability, so EPERM here comes from the filter.
    @Test func defaultProfileDeniesUnshare() throws {
        let result = try run(["unshare", "-U", "true"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Operation not permitted"), "\(result.stderr)")
    }

    @Test func unconfinedAllowsUnshare() throws {
        let result = try run(["unshare", "-U", "true"]) { $0.seccomp = nil }
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func customProfileDeniesWithItsErrno() throws {
        let profile = try SeccompProfile(
            json: Data(
                #"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}"#
                    .utf8), source: "test")
        let result = try run(["mkdir", "/tmp/x"]) { $0.seccomp = profile }
        #expect(result.status != 0)
        #expect(result.stderr.contains("Permission denied"), "\(result.stderr)")
    }

    @Test func capabilityTheEngineLacksIsAClearError() throws {
        let own = try #require(UInt64(try hostCapabilities(), radix: 16))
        guard let missing = Capabilities.names.indices.first(where: { own & (1 << UInt64($0)) == 0 }) else {
            try Test.cancel("the engine has every capability (this VM's root lacks CAP_SYS_RESOURCE)")
        }
        let error = #expect(throws: EngineError.self) {
            try run(["true"]) { $0.capabilities = [Capabilities.names[missing]] }
        }
        #expect(error?.message.contains("lacks") == true, "\(String(describing: error))")
    }
}

/// User, groups, rlimits and sysctls inside a real busybox container.
@Suite(.enabled(if: PrivilegedTrait.isRequested), .privileged, .serialized)
struct ProcessSettingsTests {
    /// Runs `args` with `/etc/passwd` and `/etc/group` written into the rootfs first.
    private func run(_ args: [String], configure: (inout ContainerSpec) -> Void) throws -> (Int32, String, String) {
        var outcome: (Int32, String, String)?
        try BusyboxRootfs.with { fixture in
            try "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n".write(
                toFile: fixture.rootfs + "/etc/passwd", atomically: false, encoding: .utf8)
            try "root:x:0:\napp:x:1001:\nstaff:x:50:app\naudio:x:29:\n".write(
                toFile: fixture.rootfs + "/etc/group", atomically: false, encoding: .utf8)
            var spec = ContainerSpec(root: .directory(fixture.rootfs), args: args)
            configure(&spec)
            let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
            let output = open(fixture.directory + "/stdout", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            let errors = open(fixture.directory + "/stderr", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            defer { [input, output, errors].forEach { close($0) } }
            let status = try ContainerRuntime().run(spec, stdio: (input, output, errors))
            outcome = (
                status, try String(contentsOfFile: fixture.directory + "/stdout", encoding: .utf8),
                try String(contentsOfFile: fixture.directory + "/stderr", encoding: .utf8)
            )
        }
        return try #require(outcome)
    }

    @Test func userByNameResolvesInTheContainersPasswd() throws {
        let (status, output, errors) = try run([
            "sh", "-c", "id -u; id -g; id -G; echo $HOME; grep CapEff /proc/self/status",
        ]) {
            $0.user = "app"
            $0.additionalGroups = ["audio", "7"]
        }
        #expect(status == 0, "\(errors)")
        #expect(output == "1000\n1001\n1001 7 29 50\n/home/app\nCapEff:\t0000000000000000\n")
    }

    @Test func numericUserAndGroupNeedNoEntry() throws {
        let (status, output, _) = try run(["sh", "-c", "id -u; id -g"]) { $0.user = "4242:4343" }
        #expect(status == 0)
        #expect(output == "4242\n4343\n")
    }

    @Test func unknownUserNameIsAClearError() throws {
        let error = #expect(throws: EngineError.self) { try run(["true"]) { $0.user = "nobody-here" } }
        #expect(error?.message.contains("user nobody-here: no such user in the container's /etc/passwd") == true)
    }

    @Test func rlimitsApply() throws {
        let (status, output, _) = try run(["sh", "-c", "ulimit -n; ulimit -Hn"]) {
            $0.rlimits = [try! Rlimit(type: "nofile", soft: 100, hard: 200)]
        }
        #expect(status == 0)
        #expect(output == "100\n200\n")
    }

    @Test func rlimitAboveTheHostsHardLimitIsRefused() throws {
        var host = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &host)
        let error = #expect(throws: EngineError.self) {
            try run(["true"]) { $0.rlimits = [try! Rlimit(type: "nofile", soft: 1, hard: UInt64(host.rlim_max) + 1)] }
        }
        #expect(error?.message.contains("above the host's hard limit") == true)
    }

    @Test func namespacedSysctlsApply() throws {
        let (status, output, errors) = try run(["cat", "/proc/sys/kernel/shmmni", "/proc/sys/net/ipv4/ip_forward"]) {
            $0.sysctls = ["kernel.shmmni": "1234", "net.ipv4.ip_forward": "1"]
        }
        #expect(status == 0, "\(errors)")
        #expect(output == "1234\n1\n")
    }

    @Test func hostSysctlIsRefused() throws {
        let error = #expect(throws: EngineError.self) { try run(["true"]) { $0.sysctls = ["vm.swappiness": "1"] } }
        #expect(error?.message.contains("vm.swappiness is not namespaced") == true)
    }
}
