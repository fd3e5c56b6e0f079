// swift-tools-version: 6.1
// Keel: an event-driven algorithmic trading platform. See README.md and ../shared/ARCHITECTURE.md.

import PackageDescription

/// One settings array for every target: Swift 6 mode, and the upcoming features that make
/// existentials visible (`any`) and imports explicit.
///
/// Release builds do not check exclusivity at run time (`-enforce-exclusivity=unchecked`); debug builds,
/// which the test suite runs, do. Each dynamic check (a class property, a global, a captured var) costs
/// ~140 instructions through the runtime's thread-local access set: 12% of S1's kernel thread, spread
/// over every engine. The compile-time checks stay on in every build.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let deque = Target.Dependency.product(name: "DequeModule", package: "swift-collections")
let ordered = Target.Dependency.product(name: "OrderedCollections", package: "swift-collections")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let heap = Target.Dependency.product(name: "HeapModule", package: "swift-collections")

/// A library target with the shared settings.
func module(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .target(name: name, dependencies: dependencies, swiftSettings: swiftSettings)
}

/// A test target with the shared settings.
func tests(_ name: String, _ dependencies: [Target.Dependency], resources: [Resource]? = nil, exclude: [String] = []) -> Target {
    .testTarget(name: name, dependencies: dependencies, exclude: exclude, resources: resources, swiftSettings: swiftSettings)
}

let package = Package(
    name: "Keel",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KeelCore", targets: ["KeelCore"]),
        .library(name: "KeelModel", targets: ["KeelModel"]),
        .library(name: "KeelCommon", targets: ["KeelCommon"]),
        .library(name: "KeelCache", targets: ["KeelCache"]),
        .library(name: "KeelIndicators", targets: ["KeelIndicators"]),
        .library(name: "KeelData", targets: ["KeelData"]),
        .library(name: "KeelExecution", targets: ["KeelExecution"]),
        .library(name: "KeelPortfolio", targets: ["KeelPortfolio"]),
        .library(name: "KeelRisk", targets: ["KeelRisk"]),
        .library(name: "KeelSystem", targets: ["KeelSystem"]),
        .library(name: "KeelTrading", targets: ["KeelTrading"]),
        .library(name: "KeelBacktest", targets: ["KeelBacktest"]),
        .library(name: "KeelPersistence", targets: ["KeelPersistence"]),
        .library(name: "KeelTestKit", targets: ["KeelTestKit"]),
        .library(name: "KeelExamples", targets: ["KeelExamples"]),
        .library(name: "KeelCLI", targets: ["KeelCLI"]),
        .executable(name: "keel", targets: ["keel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SHA-256 of the backtest event log (KeelBacktest only; ~1.5 min of a fresh debug build: BoringSSL).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Backtest configuration files (KeelCLI only; toml++ is C++).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        module("KeelCore", []),
        module("KeelModel", ["KeelCore", deque, ordered]),
        module("KeelCommon", ["KeelCore", "KeelModel"]),
        module("KeelCache", ["KeelCore", "KeelModel", deque, ordered]),
        module("KeelIndicators", ["KeelCore", "KeelModel"]),
        module("KeelData", ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", logging, ordered, heap]),
        module("KeelExecution", ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", ordered]),
        module("KeelPortfolio", ["KeelCore", "KeelModel", "KeelCommon", "KeelCache"]),
        module("KeelRisk", ["KeelCore", "KeelModel", "KeelCommon", "KeelCache"]),
        module("KeelTrading", ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", logging]),
        module(
            "KeelSystem",
            ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelData", "KeelExecution", "KeelPortfolio", "KeelRisk",
             "KeelTrading", logging]),
        module(
            "KeelBacktest",
            ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelData", "KeelExecution", "KeelPortfolio", "KeelRisk",
             "KeelTrading", "KeelSystem", deque, ordered, logging, .product(name: "Crypto", package: "swift-crypto")]),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        module("KeelPersistence", ["KeelCore", "KeelModel", "CZstd", .product(name: "Crypto", package: "swift-crypto")]),
        module("KeelTestKit", ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelData", "KeelExecution"]),
        .target(
            name: "KeelExamples",
            dependencies: [
                "KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelIndicators", "KeelTrading", "KeelBacktest",
                "KeelPersistence", "KeelRisk", "KeelSystem", "KeelData", logging,
            ],
            path: "Examples/KeelExamples", swiftSettings: swiftSettings),
        module(
            "KeelCLI",
            ["KeelCore", "KeelModel", "KeelCommon", "KeelData", "KeelTrading", "KeelBacktest", "KeelPersistence", "KeelSystem",
             "KeelExamples", logging, .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(name: "keel", dependencies: ["KeelCLI"], swiftSettings: swiftSettings),
        tests(
            "KeelExamplesTests",
            ["KeelCore", "KeelModel", "KeelBacktest", "KeelExamples", "KeelPersistence", "KeelTestKit", "KeelSystem", "KeelPortfolio",
             "KeelCache"]),
        tests("KeelCLITests", ["KeelCore", "KeelModel", "KeelCLI", "KeelBacktest", "KeelExamples", "KeelTestKit", "KeelTrading", logging]),
        tests("KeelPersistenceTests", ["KeelCore", "KeelModel", "KeelPersistence", "KeelTestKit"]),
        tests("KeelCoreTests", ["KeelCore", "KeelTestKit"]),
        tests("KeelModelTests", ["KeelCore", "KeelModel", "KeelTestKit"]),
        tests("KeelCommonTests", ["KeelCore", "KeelModel", "KeelCommon", "KeelTestKit"]),
        tests("KeelCacheTests", ["KeelCore", "KeelModel", "KeelCache", "KeelTestKit"]),
        tests("KeelIndicatorsTests", ["KeelCore", "KeelModel", "KeelIndicators"], resources: [.copy("Fixtures")]),
        tests("KeelDataTests", ["KeelCore", "KeelModel", "KeelCommon", "KeelData", "KeelTestKit"], exclude: ["Fixtures"]),
        tests("KeelExecutionTests", ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelExecution", "KeelTestKit"]),
        tests("KeelRiskTests", ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelRisk", "KeelTestKit"]),
        tests(
            "KeelSystemTests",
            ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelData", "KeelExecution", "KeelPortfolio", "KeelRisk",
             "KeelTrading", "KeelSystem", "KeelTestKit", logging]),
        tests(
            "KeelBacktestTests",
            ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelExecution", "KeelBacktest", "KeelTestKit", "KeelTrading",
             "KeelSystem", "KeelPortfolio", "KeelData"]),
        tests(
            "KeelPortfolioTests",
            ["KeelCore", "KeelModel", "KeelCommon", "KeelCache", "KeelExecution", "KeelPortfolio", "KeelTestKit"]),
    ]
)
