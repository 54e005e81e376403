import CCSDDaemon
import CCSDStore
import CCSDTime
import CCSDZoneInfo
import Foundation
import Logging
import Synchronization

/// A daemon's state folder and policies in a temporary directory, with a manual clock; each `run` is one
/// lifetime of the daemon (start-up with replay and catch-up, requests, shutdown).
final class DaemonFixture: Sendable {
    static let zones = ZoneDatabase()
    static let shanghai = zones.zone(named: "Asia/Shanghai")!

    /// Windows every 10 minutes for 5 minutes; a reminder a minute ahead; the officer at once and 2 minutes later.
    static let quickPolicy = """
        [policy]
        title = "quick test policy"
        time-zone = "Asia/Shanghai"

        [[obligation]]
        id = "ping"
        kind = "phone"
        schedule = "*-*-* *:00/10:00"
        window = "5min"

        [[reminder]]
        id = "soon"
        before = "1min"
        to = ["person"]
        template = "reminder-soon"

        [[escalation]]
        after = "0s"
        to = ["officer"]
        template = "missed-officer"
        repeat-every = "2min"
        repeat-limit = 1
        """

    let directory: URL
    let clock: ManualClock
    /// Events handed to the journal mirror, in order, across lifetimes.
    let mirrored = Mutex<[StoredEvent]>([])
    let fatals = Mutex<[String]>([])
    /// The group commit's counts at the end of the last `run`.
    let statistics = Mutex<Committer.Statistics?>(nil)

    var policies: URL { directory.appendingPathComponent("policies") }
    var databasePath: String { directory.appendingPathComponent("state/ccsd.sqlite").path }

    init(at start: String = "2026-12-01T09:02:00+08:00") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ccsd-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("policies/holidays"), withIntermediateDirectories: true)
        clock = ManualClock(Self.instant(start))
        try writePolicy(Self.quickPolicy)
    }

    func writePolicy(_ text: String, name: String = "quick") throws {
        try text.write(to: policies.appendingPathComponent("\(name).toml"), atomically: true, encoding: .utf8)
    }

    /// `2026-12-01T09:02:00+08:00` → an instant.
    static func instant(_ text: String) -> Instant {
        let date = CivilDate.parse(String(text.prefix(10)))!
        let parts = text.dropFirst(11).prefix(8).split(separator: ":").map { Int($0)! }
        return shanghai.instant(for: LocalDateTime(date: date, hour: parts[0], minute: parts[1], second: parts[2]))!
    }

    /// One lifetime of the daemon: opens the store, starts the caseload, runs `body`, shuts the writer down.
    ///
    /// `engineCacheLimit` defaults to 0: every engine goes to sleep whenever the scheduler runs and is rebuilt
    /// from disk when next needed, so every test also exercises engines on demand.
    func run<T: Sendable>(
        channels: Set<String> = [], engineCacheLimit: Int = 0, turnLength: Duration = .seconds(10),
        rebuildLimit: Int = 20_000, templates: LoadedTemplates? = nil, burstPart: Int = 8192,
        _ body: (Caseload, StartupReport) async throws -> T
    ) async throws -> T {
        let store = try Store(path: databasePath)
        let committer = try Committer(
            store: store, now: { [clock] in clock.now().microseconds },
            committed: { [self] events in mirrored.withLock { $0 += events } })
        let caseload = Caseload(
            store: store, committer: committer, zones: Self.zones, clock: clock, officeZone: Self.shanghai,
            policyDirectory: policies.path, logger: Logger(label: "test"),
            wakeScheduler: {},
            fatal: { [self] message in fatals.withLock { $0.append(message) } }, deliveryChannels: channels,
            engineCacheLimit: engineCacheLimit, turnLength: turnLength, rebuildLimit: rebuildLimit,
            templates: templates, burstPart: burstPart)
        defer { statistics.withLock { $0 = committer.statistics } }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await committer.run() }
            do {
                let report = try await caseload.start()
                let result = try await body(caseload, report)
                committer.finish()
                try await group.waitForAll()
                return result
            } catch {
                committer.finish()
                try await group.waitForAll()
                throw error
            }
        }
    }

    func events() throws -> [StoredEvent] { try Store(path: databasePath).events(limit: 10_000) }

    /// Events other than the daemon's own start and stop.
    func work() throws -> [StoredEvent] {
        try events().filter { $0.type != "daemon-started" && $0.type != "daemon-stopping" }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}
