// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth", targets: ["berth"]),
        .executable(name: "container-init", targets: ["container-init"]),
        .executable(name: "berth-shim", targets: ["berth-shim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
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
        .target(
            name: "Engine", dependencies: ["CLinux", "CSeccomp"], exclude: ["README.md"], swiftSettings: strict),
        // container-init starts in every container: no Foundation, and a static stdlib (about 2.5 ms
        // instead of 5 ms to start).
        .executableTarget(
            name: "container-init",
            dependencies: ["CLinux"],
            exclude: ["README.md"],
            swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-static-stdlib"])]
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
                "Engine", "EngineAPI", "Images", "BerthNetwork",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(name: "APIClient", dependencies: ["EngineAPI"], exclude: ["README.md"], swiftSettings: strict),
        // The per-container monitor: C linked dynamically to glibc, so each one costs about 1 MiB.
        .executableTarget(
            name: "berth-shim", dependencies: ["CLinux"], exclude: ["README.md"],
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]),
        .executableTarget(
            name: "berth",
            dependencies: [
                "ComposeSpec", "Planner", "Engine", "EngineAPI", "Daemon", "APIClient", "Images", "BerthNetwork",
                "berth-shim",
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
        .testTarget(name: "CLITests", dependencies: ["berth", "EngineAPI"], swiftSettings: strict),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "CLinux"], swiftSettings: strict),
        .testTarget(name: "ImagesTests", dependencies: ["Images", "CArchive"], swiftSettings: strict),
        .testTarget(
            name: "ImagesPrivilegedTests", dependencies: ["Images", "CArchive", "CImages"], swiftSettings: strict),
        .testTarget(name: "NetworkTests", dependencies: ["BerthNetwork"], swiftSettings: strict),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "APIClient"], swiftSettings: strict),
        .testTarget(name: "PrivilegedTests", dependencies: ["Engine", "BerthNetwork"], swiftSettings: strict),
    ]
)
