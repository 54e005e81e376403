import CCSDDaemon
import CCSDProtocol
import CCSDStore
import CCSDTime
import Foundation
import GRDB
import Testing

@testable import CCSDStore

@Suite("Engines on demand: start-up from state rows, sleeping and rebuilt engines")
struct LazyEngineTests {
    static let officer = CaseloadTests.officer
    static let cases = ["JX-2026-0001", "JX-2026-0002", "JX-2026-0003", "JX-2026-0004", "JX-2026-0005"]

    /// Six hours of a small caseload, minute by minute, with check-ins in a fixed pattern and two restarts;
    /// returns every event as "type at fields", sorted: persons due at the same instant may come in any order.
    static func script(engineCacheLimit: Int) async throws -> [String] {
        let fixture = try DaemonFixture()
        var minute = 0
        var lists: [String] = []
        for lifetime in 0..<3 {
            try await fixture.run(engineCacheLimit: engineCacheLimit) { caseload, report in
                if lifetime == 0 {
                    for caseID in cases { _ = try await CaseloadTests.add(caseload, caseID) }
                } else {
                    #expect(!report.policyChanged && report.persons == cases.count && report.inputs == 0)
                }
                for _ in 0..<120 {
                    minute += 1
                    fixture.clock.set(DaemonFixture.instant("2026-12-01T09:02:00+08:00") + .minutes(Int64(minute)))
                    try await caseload.runDue()
                    for (index, caseID) in cases.enumerated() where (minute + index) % 7 == 0 {
                        _ = try await caseload.recordCheckIn(.init(caseID: caseID, method: "phone"), caller: officer)
                    }
                    if minute % 45 == 0, let incident = try await caseload.overdue(officer: nil).first {
                        try await caseload.acknowledge(.init(incident: incident.id, note: "called"), caller: officer)
                    }
                    if minute % 20 == 0 { lists += try await Self.lists(caseload, minute: minute) }
                }
            }
        }
        // policy-reloaded names the fixture's temporary folder.
        return try fixture.work().filter { $0.type != "policy-reloaded" }.map { event in
            "\(event.type) \(event.at) "
                + event.fields.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        }.sorted() + lists
    }

    /// `person list` as an officer would see it, unfiltered and filtered: from state rows for sleeping persons.
    static func lists(_ caseload: Caseload, minute: Int) async throws -> [String] {
        let requests: [Methods.ListPersons] = [
            .init(), .init(status: "active"), .init(status: "ended"), .init(hasOpenIncident: true),
            .init(officer: "nobody"),
        ]
        var lines: [String] = []
        for (index, request) in requests.enumerated() {
            for person in try await caseload.listPersons(request) {
                lines.append(
                    "list \(minute)/\(index) \(person.caseID) \(person.name) \(person.policy) \(person.status) "
                        + "\(person.openIncidents) \(person.pendingProposals) \(person.nextWindow ?? "-")")
            }
        }
        return lines
    }

    @Test("engines put to sleep and rebuilt give the same log and person lists as engines kept in memory")
    func sameLog() async throws {
        let sleeping = try await Self.script(engineCacheLimit: 0)
        let awake = try await Self.script(engineCacheLimit: 1_000)
        #expect(sleeping.count > 200)
        #expect(sleeping.filter { $0.hasPrefix("list ") }.count > 50)
        #expect(sleeping == awake)
        let fired = sleeping.filter { $0.hasPrefix("missed ") || $0.hasPrefix("reminder ") }
        #expect(Set(fired).count == fired.count, "no action twice")
    }

    @Test("person list of sleeping persons, read from state rows, matches the list their engines give")
    func listFromStateRows() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            for caseID in Self.cases { _ = try await CaseloadTests.add(caseload, caseID) }
            for minute in stride(from: 10, through: 600, by: 10) {
                fixture.clock.set(DaemonFixture.instant("2026-12-01T09:02:00+08:00") + .minutes(Int64(minute)))
                try await caseload.runDue()
                if minute % 30 == 0 {
                    _ = try await caseload.recordCheckIn(
                        .init(caseID: Self.cases[minute / 30 % Self.cases.count], method: "phone"),
                        caller: Self.officer)
                }
            }
        }
        // After a restart nobody has an engine in memory: the list comes from person and state rows.
        let fromRows = try await fixture.run { caseload, _ in try await Self.lists(caseload, minute: 0) }
        // Rows from before schema v6 have no status: the list rebuilds those persons' engines instead.
        let store = try Store(path: fixture.databasePath)
        try await store.pool.write { try $0.execute(sql: "UPDATE person_state SET status = NULL, next_window = NULL") }
        let fromEngines = try await fixture.run { caseload, _ in try await Self.lists(caseload, minute: 0) }
        #expect(fromRows.count >= Self.cases.count)
        #expect(fromRows == fromEngines)
        // The scheduler fills the missing statuses in; then the list reads state rows again.
        try await store.pool.write { try $0.execute(sql: "UPDATE person_state SET status = NULL, next_window = NULL") }
        try await fixture.run { caseload, _ in try await caseload.runDue() }
        let missing = try await store.pool.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM person_state WHERE status IS NULL")
        }
        #expect(missing == 0)
        let backfilled = try await fixture.run { caseload, _ in try await Self.lists(caseload, minute: 0) }
        #expect(backfilled == fromRows)
    }

    @Test("a question that would rebuild more sleeping engines than allowed is refused, with what to do instead")
    func rebuildLimit() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            for caseID in Self.cases { _ = try await CaseloadTests.add(caseload, caseID) }
        }
        let store = try Store(path: fixture.databasePath)
        try await store.pool.write { try $0.execute(sql: "UPDATE person_state SET status = NULL, next_window = NULL") }
        try await fixture.run(rebuildLimit: 2) { caseload, _ in
            // Five sleeping persons, each with a window within a year: more than two rebuilds.
            await #expect(throws: RequestError.self) { try await caseload.upcoming(within: "366d", officer: nil) }
            #expect(try await caseload.upcoming(within: "366d", officer: "nobody").isEmpty)
            // Their state rows lack a status (from before schema v6): listing them would rebuild five.
            do {
                _ = try await caseload.listPersons(.init())
                Issue.record("the list should have been refused")
            } catch let error as RequestError {
                #expect("\(error)".contains("name an officer"))
            }
            // The scheduler fills the statuses in; then the list needs no rebuild at all.
            try await caseload.runDue()
            #expect(try await caseload.listPersons(.init()).count == Self.cases.count)
        }
    }

    /// 150 persons whose windows all close at once, run by a scheduler whose every `runDue` turn may take `turn`;
    /// returns the log and how many turns the first due instant took.
    /// Also returns how many turns it took, and how many batches the whole run queued.
    static func backlog(turn: Duration, burstPart: Int = 8192) async throws -> ([String], Int, Int) {
        let fixture = try DaemonFixture()
        let ids = (1...150).map { String(format: "JX-2026-%04d", $0) }
        let turns = try await fixture.run(turnLength: turn, burstPart: burstPart) { caseload, _ in
            for caseID in ids { _ = try await CaseloadTests.add(caseload, caseID) }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:32:00+08:00"))
            var turns = 0
            while let next = await caseload.nextDeadline(), next <= fixture.clock.now() {
                try await caseload.runDue()
                turns += 1
            }
            return turns
        }
        let log = try fixture.work().map { "\($0.type) \($0.at) \($0.fields["person"] ?? "")" }.sorted()
        return (log, turns, fixture.statistics.withLock { $0?.batches ?? 0 })
    }

    @Test("a backlog is performed in turns, with the same log as in one turn")
    func backlogInTurns() async throws {
        let (sliced, turns, _) = try await Self.backlog(turn: .zero)
        let (whole, one, _) = try await Self.backlog(turn: .seconds(10))
        #expect(one == 1 && turns >= 3, "150 persons due: turns of 64 when a turn may take no time")
        #expect(sliced == whole && sliced.contains { $0.hasPrefix("missed ") })
    }

    @Test("a burst written in parts gives the same log as one written whole")
    func burstInParts() async throws {
        let (whole, _, batches) = try await Self.backlog(turn: .seconds(10))
        let (parts, turns, moreBatches) = try await Self.backlog(turn: .seconds(10), burstPart: 16)
        #expect(turns == 1)
        #expect(moreBatches >= batches + 10, "at least 160 events in parts of 16")
        #expect(parts == whole && parts.filter { $0.hasPrefix("missed ") }.count >= 150)
    }

    @Test("a state row whose counts disagree with the replay is mended by the next check-in, which changes nothing")
    func wrongStateRowIsMended() async throws {
        let fixture = try DaemonFixture()
        let caseID = Self.cases[0]
        let query = "SELECT open_windows FROM person_state WHERE case_id = ?"
        let truth = try await fixture.run { caseload, _ in
            for caseID in Self.cases { _ = try await CaseloadTests.add(caseload, caseID) }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            try await caseload.runDue()
            return try await Store(path: fixture.databasePath).pool.read {
                try Int.fetchOne($0, sql: query, arguments: [caseID])
            }
        }
        try await Store(path: fixture.databasePath).pool.write {
            try $0.execute(sql: "UPDATE person_state SET open_windows = 7 WHERE case_id = ?", arguments: [caseID])
        }
        try await fixture.run { caseload, _ in
            _ = try await caseload.recordCheckIn(.init(caseID: caseID, method: "in-person"), caller: Self.officer)
            try await caseload.runDue()
        }
        let mended = try await Store(path: fixture.databasePath).pool.read {
            try Int.fetchOne($0, sql: query, arguments: [caseID])
        }
        #expect(truth != nil && truth != 7)
        #expect(mended == truth)
    }

    @Test("a restart wakes only persons with something due, and fires what fell due while down once")
    func restartFromStateRows() async throws {
        let fixture = try DaemonFixture()
        let before = try await fixture.run { caseload, _ in
            for caseID in Self.cases { _ = try await CaseloadTests.add(caseload, caseID) }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            try await caseload.runDue()
            _ = try await caseload.recordCheckIn(.init(caseID: Self.cases[0], method: "phone"), caller: Self.officer)
            return await caseload.status()
        }
        let after = try await fixture.run { caseload, report in
            #expect(!report.policyChanged && report.inputs == 0 && report.caughtUp == 0)
            let status = await caseload.status()
            #expect(status.persons == before.persons && status.openWindows == before.openWindows)
            #expect(status.nextDeadline == before.nextDeadline)
            return status
        }
        #expect(after.openWindows == 4, "four persons have not reported in the open window")
        // Down for 20 minutes: two windows closed and one opened meanwhile; each fires once, at its time.
        fixture.clock.set(DaemonFixture.instant("2026-12-01T09:32:00+08:00"))
        try await fixture.run { caseload, report in
            #expect(report.caughtUp > 0)
            let overdue = try await caseload.overdue(officer: nil)
            #expect(overdue.count == 4 + 5, "09:10 missed by four, 09:20 by all five")
        }
        try await fixture.run { _, report in #expect(report.caughtUp == 0) }
        let ids = try fixture.work().filter { $0.type == "missed" }.compactMap { $0.fields["incident"] }
        #expect(Set(ids).count == ids.count && ids.count == 9)
    }

    @Test("what an input causes gets no fired key, and neither a rebuild, a restart nor a full replay writes it again")
    func causedActionsWithoutFiredKeys() async throws {
        let fixture = try DaemonFixture()
        let caseID = Self.cases[0]
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload, caseID)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            try await caseload.runDue()
            let onTime = try await caseload.recordCheckIn(.init(caseID: caseID, method: "phone"), caller: Self.officer)
            let unmatched = try await caseload.recordCheckIn(
                .init(caseID: caseID, method: "phone"), caller: Self.officer)
            #expect(onTime.outcome == "on-time" && unmatched.outcome == "unmatched")
        }
        // After a restart the person sleeps until a check-in wakes them: the rebuild replays the first two.
        fixture.clock.set(DaemonFixture.instant("2026-12-01T09:13:00+08:00"))
        try await fixture.run { caseload, report in
            #expect(report.caughtUp == 0)
            let third = try await caseload.recordCheckIn(.init(caseID: caseID, method: "phone"), caller: Self.officer)
            #expect(third.outcome == "unmatched")
            try await caseload.runDue()
        }
        let caused = try fixture.work().filter { $0.type == "outcome" || $0.type == "unmatched-check-in" }
        #expect(caused.count == 3)
        let fired = try await Store(path: fixture.databasePath).pool.read {
            try Set(String.fetchAll($0, sql: "SELECT action_id FROM fired"))
        }
        #expect(fired.contains { $0.hasSuffix("/open") }, "time's actions keep their keys")
        #expect(fired.isDisjoint(with: caused.compactMap { $0.fields["action"] }), "\(fired)")
        try await fixture.run { _, report in #expect(report.caughtUp == 0) }
        // A database without state rows (as an older ccsd left it) replays everyone at start.
        try await Store(path: fixture.databasePath).pool.write { try $0.execute(sql: "DELETE FROM person_state") }
        try await fixture.run { _, report in #expect(report.caughtUp == 0 && report.inputs == 3) }
        let after = try fixture.work().filter { $0.type == "outcome" || $0.type == "unmatched-check-in" }
        #expect(after.map(\.seq) == caused.map(\.seq), "nothing an input caused is written twice")
    }

    /// Adds the persons, reloads a changed policy at 09:16, runs an hour; returns the outcome and the log.
    static func reload(engineCacheLimit: Int) async throws -> (ReloadOutcome, [String]) {
        let fixture = try DaemonFixture()
        let outcome = try await fixture.run(engineCacheLimit: engineCacheLimit) { caseload, _ in
            for caseID in cases { _ = try await CaseloadTests.add(caseload, caseID) }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:16:00+08:00"))
            try await caseload.runDue()
            try fixture.writePolicy(
                DaemonFixture.quickPolicy.replacingOccurrences(of: "*-*-* *:00/10:00", with: "*-*-* *:00/30:00"))
            let outcome = await caseload.reload()
            for minute in 17...76 {
                fixture.clock.set(DaemonFixture.instant("2026-12-01T09:00:00+08:00") + .minutes(Int64(minute)))
                try await caseload.runDue()
            }
            return outcome
        }
        return (outcome, try fixture.work().map { "\($0.type) \($0.at) \($0.fields["person"] ?? "")" }.sorted())
    }

    @Test("a reload rebuilds sleeping followers of a changed policy, as if they had been awake")
    func reloadWakesFollowers() async throws {
        let (sleepingOutcome, sleeping) = try await Self.reload(engineCacheLimit: 0)
        let (awakeOutcome, awake) = try await Self.reload(engineCacheLimit: 1_000)
        #expect(sleepingOutcome == .applied(policies: ["quick"], changedPersons: Self.cases.count))
        #expect(sleepingOutcome == awakeOutcome)
        #expect(sleeping == awake)
        let opened = sleeping.filter { $0.hasPrefix("window-opened ") }
        #expect(opened.count >= 5 * 3, "09:10, 09:30 and 10:00 at least")
        for time in ["09:40", "09:50"] {
            let at = DaemonFixture.instant("2026-12-01T\(time):00+08:00").microseconds
            #expect(!opened.contains { $0.hasPrefix("window-opened \(at) ") }, "no \(time) window after the reload")
        }
    }

    /// Check-ins for every person at once, four each, with a policy reload among them; then an hour. Sleeping
    /// persons are rebuilt off the actor, in parallel, and a rebuild the reload overtakes is done again.
    static func concurrentCheckIns(engineCacheLimit: Int) async throws -> [String] {
        let fixture = try DaemonFixture()
        try await fixture.run(engineCacheLimit: engineCacheLimit) { caseload, _ in
            for caseID in cases { _ = try await CaseloadTests.add(caseload, caseID) }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:16:00+08:00"))
            try await caseload.runDue()
            try fixture.writePolicy(
                DaemonFixture.quickPolicy.replacingOccurrences(of: "*-*-* *:00/10:00", with: "*-*-* *:00/30:00"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for round in 0..<4 {
                    for caseID in cases {
                        group.addTask {
                            _ = try await caseload.recordCheckIn(
                                .init(caseID: caseID, method: "phone"), caller: officer)
                        }
                    }
                    if round == 1 { group.addTask { _ = await caseload.reload() } }
                }
                try await group.waitForAll()
            }
            for minute in 17...76 {
                fixture.clock.set(DaemonFixture.instant("2026-12-01T09:00:00+08:00") + .minutes(Int64(minute)))
                try await caseload.runDue()
            }
        }
        #expect(fixture.fatals.withLock { $0 }.isEmpty)
        return try fixture.work().filter { $0.type != "policy-reloaded" }.map { event in
            "\(event.type) \(event.at) "
                + event.fields.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        }.sorted()
    }

    @Test("check-ins for sleeping persons at once, with a reload among them, end as with engines kept in memory")
    func concurrentWakes() async throws {
        let sleeping = try await Self.concurrentCheckIns(engineCacheLimit: 0)
        #expect(sleeping == (try await Self.concurrentCheckIns(engineCacheLimit: 1_000)))
        #expect(sleeping.filter { $0.hasPrefix("check-in ") }.count == 4 * Self.cases.count)
    }

    /// Adds the persons, stops at 09:16, changes the policy while down, starts at 09:20 and runs an hour. With
    /// `forgetState` the state rows are deleted before the second start, so it replays everyone (the reference).
    static func changedWhileDown(forgetState: Bool) async throws -> (StartupReport, [String]) {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            for caseID in cases { _ = try await CaseloadTests.add(caseload, caseID) }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:16:00+08:00"))
            try await caseload.runDue()
        }
        try fixture.writePolicy(
            DaemonFixture.quickPolicy.replacingOccurrences(of: "*-*-* *:00/10:00", with: "*-*-* *:00/30:00"))
        if forgetState {
            try await Store(path: fixture.databasePath).pool.write { try $0.execute(sql: "DELETE FROM person_state") }
        }
        fixture.clock.set(DaemonFixture.instant("2026-12-01T09:20:00+08:00"))
        let report = try await fixture.run { caseload, report in
            for minute in 21...80 {
                fixture.clock.set(DaemonFixture.instant("2026-12-01T09:00:00+08:00") + .minutes(Int64(minute)))
                try await caseload.runDue()
            }
            return report
        }
        let log = try fixture.work().filter { $0.type != "policy-reloaded" }.map {
            "\($0.type) \($0.at) \($0.fields["person"] ?? "") \($0.fields["action"] ?? "")"
        }
        return (report, log.sorted())
    }

    @Test("policies changed while ccsd was down: followers are rebuilt from state rows as a full replay would")
    func policyChangedWhileDown() async throws {
        let (fast, log) = try await Self.changedWhileDown(forgetState: false)
        let (full, reference) = try await Self.changedWhileDown(forgetState: true)
        #expect(fast.policyChanged && full.policyChanged)
        #expect(fast.inputs == 0 && full.inputs == 0, "no check-ins in this script")
        #expect(fast.caughtUp == full.caughtUp)
        #expect(log == reference)
        let at = DaemonFixture.instant("2026-12-01T09:40:00+08:00").microseconds
        #expect(!log.contains { $0.hasPrefix("window-opened \(at) ") }, "the new policy applies from the restart")
        #expect(log.contains { $0.hasPrefix("window-opened ") })
    }

    @Test("a person whose engine cannot be rebuilt holds up no one else's actions, at start or later")
    func brokenRebuild() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            for caseID in Self.cases { _ = try await CaseloadTests.add(caseload, caseID) }
            _ = try await caseload.recordCheckIn(.init(caseID: Self.cases[0], method: "phone"), caller: Self.officer)
        }
        // While ccsd is down, the first person's only input becomes unreadable.
        try await Store(path: fixture.databasePath).pool.write {
            try $0.execute(sql: "UPDATE input SET payload = 'garbage' WHERE case_id = ?", arguments: [Self.cases[0]])
        }
        fixture.clock.set(DaemonFixture.instant("2026-12-01T09:16:00+08:00"))
        try await fixture.run { caseload, report in
            #expect(report.caughtUp > 0)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:26:00+08:00"))
            try await caseload.runDue()
        }
        let missed = try fixture.work().filter { $0.type == "missed" }.compactMap { $0.fields["person"] }
        #expect(missed.count == 8 && Set(missed) == Set(Self.cases.dropFirst()), "09:10 and 09:20, four each")
    }
}
