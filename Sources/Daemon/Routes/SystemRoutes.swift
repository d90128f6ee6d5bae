import Foundation
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// `/_ping`, `/version`, `/info`, `/events`.
enum SystemRoutes {
    static func register(on router: inout Router, daemon: DaemonState) {
        router.add(.GET, "/_ping") { _ in
            .body(.ok, contentType: "text/plain; charset=utf-8", Array("OK".utf8))
        }
        router.add(.HEAD, "/_ping") { _ in .empty(.ok, headers: [("Content-Type", "text/plain; charset=utf-8")]) }
        router.add(.GET, "/version") { _ in try .json(VersionBody.current()) }
        router.add(.GET, "/info") { _ in try .json(daemon.info()) }
        router.add(.GET, "/events") { request in try events(request, log: daemon.events) }
    }

    /// Streams events as JSON lines: the recorded ones within `since`/`until`, then new ones until
    /// `until` passes or the client goes.
    private static func events(_ request: APIRequest, log: EventLog) throws -> APIResponse {
        let filter = try EventFilter(request)
        return .stream(.ok, contentType: "application/json") { stream in
            let encoder = JSONEncoder()
            var (events, cursor) = log.snapshot()
            // Recorded events are replayed only when `since` asks for them.
            if filter.since == nil { events = [] }
            while true {
                for event in events where filter.matches(event) {
                    try stream.write(Array(try encoder.encode(event)) + [0x0A])
                }
                if let until = filter.until, Date().timeIntervalSince1970 >= until { return }
                if stream.isClosed { return }
                (events, cursor) = log.next(after: cursor, timeout: 0.5)
            }
        }
    }
}

/// `/version`'s body, in Docker's shape.
struct VersionBody: Encodable {
    struct PlatformBody: Encodable { var Name: String }
    struct ComponentBody: Encodable {
        var Name: String
        var Version: String
        var Details: [String: String]
    }

    var Platform: PlatformBody
    var Components: [ComponentBody]
    var Version: String
    var ApiVersion: String
    var MinAPIVersion: String
    var GitCommit: String
    var GoVersion: String
    var Os: String
    var Arch: String
    var KernelVersion: String
    var BuildTime: String

    static func current() -> VersionBody {
        let version = BerthVersion.string
        return VersionBody(
            Platform: PlatformBody(Name: "berth"),
            Components: [
                ComponentBody(
                    Name: "Engine", Version: version,
                    Details: [
                        "ApiVersion": APIVersion.current.description, "MinAPIVersion": APIVersion.minimum.description,
                        "Os": "linux", "Arch": HostFacts.arch, "KernelVersion": HostFacts.kernelRelease,
                        "Experimental": "false",
                    ])
            ],
            Version: version, ApiVersion: APIVersion.current.description,
            MinAPIVersion: APIVersion.minimum.description, GitCommit: "", GoVersion: "swift", Os: "linux",
            Arch: HostFacts.arch, KernelVersion: HostFacts.kernelRelease, BuildTime: "")
    }
}

/// Facts about the host for `/version` and `/info`.
enum HostFacts {
    static var kernelRelease: String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static var hostname: String { ProcessInfo.processInfo.hostName }

    /// Docker's architecture name (GOARCH).
    static var arch: String {
        #if arch(x86_64)
            "amd64"
        #elseif arch(arm64)
            "arm64"
        #else
            "unknown"
        #endif
    }
}
