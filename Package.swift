// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth", targets: ["berth"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
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
            dependencies: ["ComposeSpec", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "berth",
            dependencies: [
                "ComposeSpec", "Planner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ComposeSpecTests", dependencies: ["ComposeSpec", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "ComposeSpec"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["berth"], swiftSettings: strict),
    ]
)
