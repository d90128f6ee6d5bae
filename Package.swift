// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth", targets: ["berth"]),
        .executable(name: "berth-cli", targets: ["berth-cli"]),
        .executable(name: "container-init", targets: ["container-init"]),
        .executable(name: "berth-shim", targets: ["berth-shim"]),
        .executable(name: "berth-runtime", targets: ["berth-runtime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(
            name: "ComposeSpec",
            dependencies: [.product(name: "Yams", package: "Yams")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "Planner",
            dependencies: ["ComposeSpec", "EngineAPI", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(name: "CLinux", cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]),
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        // The runtime proper (spec, config.json, cgroups, seccomp, spawning container-init), without
        // Foundation, so berth-runtime can be a small static executable.
        // JSON read and written without Foundation (RuntimeCore, QuickRun).
        .target(name: "JSONCore", swiftSettings: strict),
        .target(
            name: "RuntimeCore", dependencies: ["CLinux", "CSeccomp", "JSONCore"], exclude: ["README.md"],
            swiftSettings: strict),
        .target(
            name: "Engine", dependencies: ["RuntimeCore", "JSONCore", "CLinux", "CSeccomp"], exclude: ["README.md"],
            swiftSettings: strict),
        // container-init starts in every container: no Foundation, and linked statically (glibc too),
        // so it starts in about 1.5 ms instead of 3.5 ms with the dynamic loader.
        .executableTarget(
            name: "container-init",
            dependencies: ["CLinux"],
            exclude: ["README.md"],
            swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .target(name: "CImages", cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]),
        .target(
            name: "Images",
            dependencies: [
                "CArchive", "CImages",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(name: "CNetwork", cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]),
        // Not "Network": AsyncHTTPClient and NIO import Apple's Network framework when `canImport(Network)`.
        .target(
            name: "BerthNetwork", dependencies: ["CNetwork"], path: "Sources/Network", exclude: ["README.md"],
            swiftSettings: strict),
        .target(name: "EngineAPI", exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "Daemon",
            dependencies: [
                "Engine", "EngineAPI", "JSONCore", "Images", "BerthNetwork",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // One blocking HTTP/1.1 connection over a socket, without Foundation (APIClient, QuickRun).
        .target(name: "SocketHTTP", swiftSettings: strict),
        // Blocking HTTP over a socket; TCP goes through a TLS tunnel (NIOSSL) to a socketpair.
        .target(
            name: "APIClient",
            dependencies: [
                "EngineAPI", "SocketHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["README.md"], swiftSettings: strict),
        // berth's runtime as an OCI runtime command line (`berth-runtime run -b BUNDLE ID`): small and
        // linked statically (glibc and libseccomp too), so its start-up stays out of a container's cost.
        .executableTarget(
            name: "berth-runtime", dependencies: ["RuntimeCore", "container-init"], swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-static-executable"])]),
        // The per-container monitor: C, linked statically (glibc too), so its start has no dynamic
        // loader (about 1 ms of every container start) and each one costs well under 1 MiB.
        .executableTarget(
            name: "berth-shim", dependencies: ["CLinux"], exclude: ["README.md"],
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])],
            linkerSettings: [.unsafeFlags(["-static-executable"])]),
        // `container run|create` with the common flags, without Foundation: what `berth` runs itself.
        .target(
            name: "QuickRun", dependencies: ["EngineAPI", "JSONCore", "SocketHTTP"], exclude: ["README.md"],
            swiftSettings: strict),
        // `berth`: QuickRun, else an exec of berth-cli (built with it by `swift build`, not linked: it
        // would bring Foundation). Small and static, so it starts in about 1 ms.
        .executableTarget(
            name: "berth", dependencies: ["QuickRun"], swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-static-executable"])]),
        // The full command line (compose, containers, images, networks, the daemon).
        .executableTarget(
            name: "berth-cli",
            dependencies: [
                "ComposeSpec", "Planner", "Engine", "EngineAPI", "Daemon", "APIClient", "Images", "BerthNetwork",
                "berth-shim", "berth-runtime",
                "container-init",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ComposeSpecTests", dependencies: ["ComposeSpec", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .testTarget(
            name: "PlannerTests", dependencies: ["Planner", "ComposeSpec", "EngineAPI"], swiftSettings: strict),
        .testTarget(
            name: "CLITests", dependencies: ["berth-cli", "QuickRun", "JSONCore", "APIClient", "EngineAPI", "Planner"],
            swiftSettings: strict),
        .testTarget(
            name: "EngineTests", dependencies: ["Engine", "RuntimeCore", "JSONCore", "CLinux"], swiftSettings: strict),
        .testTarget(name: "ImagesTests", dependencies: ["Images", "CArchive"], swiftSettings: strict),
        .testTarget(
            name: "ImagesPrivilegedTests", dependencies: ["Images", "CArchive", "CImages"], swiftSettings: strict),
        .testTarget(name: "NetworkTests", dependencies: ["BerthNetwork"], swiftSettings: strict),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "APIClient"], swiftSettings: strict),
        .testTarget(
            name: "PrivilegedTests", dependencies: ["Engine", "RuntimeCore", "BerthNetwork", "CNetwork"],
            swiftSettings: strict),
    ]
)
