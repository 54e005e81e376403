// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ccsd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ccsd", targets: ["ccsd"]),
        .executable(name: "ccsctl", targets: ["ccsctl"]),
        .executable(name: "ccsd-bench", targets: ["ccsd-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Pure time: instants, spans, time-zone rules, systemd calendar expressions. No I/O, no clock.
        .target(name: "CCSDTime"),
        // Reads the system's zoneinfo database (TZif files) into CCSDTime's zone rules.
        .target(name: "CCSDZoneInfo", dependencies: ["CCSDTime"]),
        // Pure supervision core: policies, occurrences, the engine. No I/O, no clock.
        .target(name: "CCSDCore", dependencies: ["CCSDTime"]),
        // Reads policy files (TOML) and holiday calendars into core values, with precise errors.
        .target(
            name: "CCSDConfig",
            dependencies: ["CCSDCore", "CCSDZoneInfo", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .executableTarget(
            name: "ccsctl",
            dependencies: [
                "CCSDCore", "CCSDConfig", "CCSDZoneInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "ccsd", dependencies: ["CCSDCore"]),
        .executableTarget(name: "ccsd-bench", dependencies: ["CCSDTime", "CCSDZoneInfo"]),
        .testTarget(name: "CCSDTimeTests", dependencies: ["CCSDTime", "CCSDZoneInfo"]),
        .testTarget(name: "CCSDCoreTests", dependencies: ["CCSDCore", "CCSDZoneInfo"]),
        .testTarget(name: "CCSDConfigTests", dependencies: ["CCSDCore", "CCSDConfig"]),
        .testTarget(name: "CCSCtlTests", dependencies: ["CCSDCore", "CCSDConfig"]),
    ],
    swiftLanguageModes: [.v6]
)
