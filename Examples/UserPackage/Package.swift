// swift-tools-version: 6.1
// A user's own package: depends on Keel, adds a strategy, and gets the `keel` command line with it.
// In your package, depend on Keel by URL instead:
//   .package(url: "https://github.com/<you>/keel", from: "0.1.0")

import PackageDescription

let package = Package(
    name: "MyKeel",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Keel", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "my-keel",
            dependencies: [
                .product(name: "KeelCLI", package: "Keel"),
                .product(name: "KeelTrading", package: "Keel"),
                .product(name: "KeelModel", package: "Keel"),
                .product(name: "KeelCore", package: "Keel"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
