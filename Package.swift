// swift-tools-version: 6.1
// Keel: an event-driven algorithmic trading platform. See README.md and ../shared/ARCHITECTURE.md.

import PackageDescription

/// One settings array for every target: Swift 6 mode, and the upcoming features that make
/// existentials visible (`any`) and imports explicit.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let deque = Target.Dependency.product(name: "DequeModule", package: "swift-collections")
let ordered = Target.Dependency.product(name: "OrderedCollections", package: "swift-collections")

let package = Package(
    name: "Keel",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KeelCore", targets: ["KeelCore"]),
        .library(name: "KeelModel", targets: ["KeelModel"]),
        .library(name: "KeelCommon", targets: ["KeelCommon"]),
        .library(name: "KeelCache", targets: ["KeelCache"]),
        .library(name: "KeelIndicators", targets: ["KeelIndicators"]),
        .library(name: "KeelRisk", targets: ["KeelRisk"]),
        .library(name: "KeelTestKit", targets: ["KeelTestKit"]),
        .executable(name: "keel", targets: ["keel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "KeelCore", swiftSettings: swiftSettings),
        .target(name: "KeelModel", dependencies: ["KeelCore", deque, ordered], swiftSettings: swiftSettings),
        .target(name: "KeelCommon", dependencies: ["KeelCore", "KeelModel"], swiftSettings: swiftSettings),
        .target(name: "KeelCache", dependencies: ["KeelCore", "KeelModel", deque, ordered], swiftSettings: swiftSettings),
        .target(name: "KeelIndicators", dependencies: ["KeelCore", "KeelModel"], swiftSettings: swiftSettings),
        .target(
            name: "KeelRisk", dependencies: ["KeelCore", "KeelModel", "KeelCommon", "KeelCache"],
            swiftSettings: swiftSettings),
        .target(
            name: "KeelTestKit", dependencies: ["KeelCore", "KeelModel", "KeelCommon", "KeelCache"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "keel",
            dependencies: [
                "KeelCore",
                "KeelModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "KeelCoreTests", dependencies: ["KeelCore", "KeelTestKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KeelModelTests", dependencies: ["KeelCore", "KeelModel", "KeelTestKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KeelCommonTests", dependencies: ["KeelCore", "KeelModel", "KeelCommon", "KeelTestKit"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KeelCacheTests", dependencies: ["KeelCore", "KeelModel", "KeelCache", "KeelTestKit"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KeelIndicatorsTests", dependencies: ["KeelCore", "KeelModel", "KeelIndicators"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "KeelRiskTests",
            dependencies: ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelRisk", "KeelTestKit"],
            swiftSettings: swiftSettings),
    ]
)
