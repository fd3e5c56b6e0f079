// swift-tools-version: 6.1
// Keel's benchmarks: a separate package so that the main build and CI do not pay for the benchmark
// framework. Run: `swift package benchmark --no-progress` (release builds, malloc counts included).

import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones (`main`, `keel`, …).
let keelPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

/// Products of the Keel package by name.
func keel(_ names: [String]) -> [Target.Dependency] { names.map { .product(name: $0, package: keelPackage) } }

/// A benchmark target `Benchmarks/NAME` depending on ordo-one/benchmark and the named Keel products.
func benchmark(_ name: String, _ products: [String], extra: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")] + keel(products) + extra,
        path: "Benchmarks/\(name)",
        swiftSettings: [.swiftLanguageMode(.v6)],
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "KeelBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        benchmark("KeelModelBenchmarks", ["KeelCore", "KeelModel", "KeelTestKit"]),
        benchmark("KeelCommonBenchmarks", ["KeelCore", "KeelModel", "KeelCommon"]),
        benchmark(
            "KeelSystemBenchmarks",
            ["KeelCore", "KeelModel", "KeelCommon", "KeelSystem", "KeelTrading", "KeelPortfolio", "KeelRisk", "KeelTestKit"]),
        benchmark("KeelDataBenchmarks", ["KeelCore", "KeelModel", "KeelPersistence", "KeelExamples", "KeelTestKit"]),
        benchmark(
            "KeelBacktestBenchmarks",
            ["KeelCore", "KeelModel", "KeelData", "KeelIndicators", "KeelTrading", "KeelBacktest", "KeelExamples", "KeelTestKit"],
            extra: [.product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "S2Floor", dependencies: keel(["KeelModel", "KeelExamples"]), path: "Sources/S2Floor",
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
