// swift-tools-version: 6.1
// Keel's fuzz targets: a separate package so that the main build and CI never build them. Each target is a
// libFuzzer `LLVMFuzzerTestOneInput` over KeelPersistence's in-memory entry points; it only links as a fuzzer:
// `swift build -c release -Xswiftc -sanitize=fuzzer,address` (scripts/fuzz.sh does this and runs them).

import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones (`main`, `keel`, …).
let keelPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let keel: [Target.Dependency] = [
    .product(name: "KeelCore", package: keelPackage),
    .product(name: "KeelModel", package: keelPackage),
    .product(name: "KeelPersistence", package: keelPackage),
    "CLibFuzzer",
]

let settings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "KeelFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../")],
    targets: [
        // libFuzzer's `LLVMFuzzerRunDriver`, which each target's `main.swift` calls (see libfuzzer.h).
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        .executableTarget(name: "FuzzDBN", dependencies: keel, path: "Sources/FuzzDBN", swiftSettings: settings),
        .executableTarget(name: "FuzzCSV", dependencies: keel, path: "Sources/FuzzCSV", swiftSettings: settings),
    ]
)
