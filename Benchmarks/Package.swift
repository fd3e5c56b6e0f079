// swift-tools-version: 6.1
// Keel's benchmarks: a separate package so that the main build and CI do not pay for the benchmark
// framework. Run: `swift package benchmark --no-progress` (release builds, malloc counts included).

import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones (`main`, `keel`, …).
let keelPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "KeelBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "KeelModelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KeelCore", package: keelPackage),
                .product(name: "KeelModel", package: keelPackage),
                .product(name: "KeelTestKit", package: keelPackage),
            ],
            path: "Benchmarks/KeelModelBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "KeelCommonBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KeelCore", package: keelPackage),
                .product(name: "KeelModel", package: keelPackage),
                .product(name: "KeelCommon", package: keelPackage),
            ],
            path: "Benchmarks/KeelCommonBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "KeelSystemBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KeelCore", package: keelPackage),
                .product(name: "KeelModel", package: keelPackage),
                .product(name: "KeelCommon", package: keelPackage),
                .product(name: "KeelSystem", package: keelPackage),
                .product(name: "KeelTrading", package: keelPackage),
                .product(name: "KeelPortfolio", package: keelPackage),
                .product(name: "KeelRisk", package: keelPackage),
                .product(name: "KeelTestKit", package: keelPackage),
            ],
            path: "Benchmarks/KeelSystemBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "KeelDataBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KeelCore", package: keelPackage),
                .product(name: "KeelModel", package: keelPackage),
                .product(name: "KeelPersistence", package: keelPackage),
                .product(name: "KeelExamples", package: keelPackage),
                .product(name: "KeelTestKit", package: keelPackage),
            ],
            path: "Benchmarks/KeelDataBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "KeelBacktestBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KeelCore", package: keelPackage),
                .product(name: "KeelModel", package: keelPackage),
                .product(name: "KeelData", package: keelPackage),
                .product(name: "KeelIndicators", package: keelPackage),
                .product(name: "KeelTrading", package: keelPackage),
                .product(name: "KeelBacktest", package: keelPackage),
                .product(name: "KeelExamples", package: keelPackage),
                .product(name: "KeelTestKit", package: keelPackage),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/KeelBacktestBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "S2Floor",
            dependencies: [
                .product(name: "KeelModel", package: keelPackage),
                .product(name: "KeelExamples", package: keelPackage),
            ],
            path: "Sources/S2Floor",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
