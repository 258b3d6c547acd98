// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "statlas",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "statlas", targets: ["statlas"]),
        .executable(name: "statlas-bench", targets: ["statlas-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(name: "StatlasCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "StatlasStorage",
            dependencies: [
                "StatlasCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(name: "StatlasExchange", dependencies: ["StatlasCore", "ZIPFoundation"]),
        .target(
            name: "StatlasWeb",
            dependencies: [
                "StatlasCore", "StatlasExchange",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Templates"), .copy("Assets")]
        ),
        .target(
            name: "StatlasCommands",
            dependencies: [
                "StatlasCore", "StatlasStorage", "StatlasExchange", "StatlasWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(name: "statlas", dependencies: ["StatlasCommands"]),
        // Benchmarks of Core computations; depends on Core alone so a release build is quick.
        .executableTarget(name: "statlas-bench", dependencies: ["StatlasCore"]),
        .target(
            name: "StatlasTestSupport",
            dependencies: [
                "StatlasCore", "StatlasStorage",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "StatlasCoreTests", dependencies: ["StatlasCore"]),
        .testTarget(name: "StatlasStorageTests", dependencies: ["StatlasStorage", "StatlasTestSupport"]),
        .testTarget(
            name: "StatlasWebTests",
            dependencies: [
                "StatlasWeb", "StatlasStorage", "StatlasTestSupport", "StatlasExchange", "ZIPFoundation",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .testTarget(
            name: "StatlasExchangeTests", dependencies: ["StatlasExchange", "StatlasTestSupport", "ZIPFoundation"]),
        .testTarget(
            name: "StatlasCommandsTests",
            dependencies: ["StatlasCommands", "StatlasExchange", "StatlasTestSupport"]
        ),
    ]
)
