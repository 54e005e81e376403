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
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
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
        // libsystemd, linked through pkg-config (sd_notify, sd_listen_fds_with_names, sd_journal_sendv).
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // Swift wrappers over libsystemd: readiness/watchdog notification, socket activation, the journal.
        .target(
            name: "CCSDSystemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]
        ),
        // Varlink (NUL-terminated JSON over a stream socket): server with limits and peer credentials, client.
        .target(
            name: "CCSDVarlink",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The io.ccsd.Supervision interface: its description and the request/reply types, shared by ccsd and ccsctl.
        .target(name: "CCSDProtocol", dependencies: ["CCSDVarlink"]),
        // Durable state in SQLite (GRDB): persons, inputs, engine snapshots, fired actions, the hash-chained events.
        .target(
            name: "CCSDStore",
            dependencies: [
                "CCSDCore", "CCSDConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Notification channels (exec programs, webhooks) and message templates: how reminders reach people.
        .target(
            name: "CCSDNotify",
            dependencies: [
                "CCSDCore", "CCSDConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The daemon's services: scheduler, control server, signals, systemd integration.
        .target(
            name: "CCSDDaemon",
            dependencies: [
                "CCSDCore", "CCSDConfig", "CCSDZoneInfo", "CCSDStore", "CCSDSystemd", "CCSDVarlink", "CCSDProtocol",
                "CCSDNotify", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ccsctl",
            dependencies: [
                "CCSDCore", "CCSDConfig", "CCSDZoneInfo", "CCSDVarlink", "CCSDProtocol", "CCSDNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ccsd",
            dependencies: [
                "CCSDDaemon", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "ccsd-bench", dependencies: ["CCSDTime", "CCSDZoneInfo", "CCSDCore", "CCSDConfig"]),
        .testTarget(name: "CCSDTimeTests", dependencies: ["CCSDTime", "CCSDZoneInfo"]),
        .testTarget(name: "CCSDCoreTests", dependencies: ["CCSDCore", "CCSDZoneInfo"]),
        .testTarget(name: "CCSDConfigTests", dependencies: ["CCSDCore", "CCSDConfig"]),
        .testTarget(name: "CCSDSystemdTests", dependencies: ["CCSDSystemd"]),
        .testTarget(name: "CCSDVarlinkTests", dependencies: ["CCSDVarlink"]),
        .testTarget(name: "CCSDStoreTests", dependencies: ["CCSDStore", "CCSDZoneInfo"]),
        .testTarget(name: "CCSDDaemonTests", dependencies: ["CCSDDaemon", "CCSDZoneInfo"]),
        .testTarget(name: "CCSDNotifyTests", dependencies: ["CCSDNotify", "CCSDCore", "CCSDConfig", "CCSDZoneInfo"]),
        .testTarget(name: "CCSCtlTests", dependencies: ["CCSDCore", "CCSDConfig"]),
    ],
    swiftLanguageModes: [.v6]
)
