import CCSDDaemon
import CCSDProtocol
import CCSDStore
import CCSDTime
import Foundation
import Testing

@Suite("The daemon's state: requests, scheduling, restart, catch-up, reload")
struct CaseloadTests {
    static let officer = Caller(uid: 1000, name: "officer1", role: .officer)
    static let admin = Caller(uid: 0, name: "root", role: .admin)

    static func add(_ caseload: Caseload, _ caseID: String = "JX-2026-0042") async throws -> PersonInfo {
        try await caseload.addPerson(
            .init(
                caseID: caseID, name: "张三", phone: "13800000000", policy: "quick", officer: "officer1",
                supervisionStart: "2026-12-01T09:00:00+08:00"), caller: admin)
    }

    @Test("windows, reminders, misses and escalations happen on the clock and are journaled in order")
    func scheduling() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, report in
            #expect(report.policyChanged && report.persons == 0)
            _ = try await Self.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:30:00+08:00"))
            try await caseload.runDue()
            let status = await caseload.status()
            #expect(status.persons == 1 && status.openIncidents == 2 && status.openWindows == 1)
            #expect(status.nextDeadline == "2026-12-01T09:35:00+08:00")
        }
        let types = try fixture.events().map(\.type)
        #expect(types.prefix(3) == ["daemon-started", "policy-reloaded", "person-added"])
        // 09:10 and 09:20 missed (each escalating twice), 09:30 open; reminders at 09:09, 09:19, 09:29.
        #expect(types.filter { $0 == "window-opened" }.count == 3)
        #expect(types.filter { $0 == "reminder" }.count == 3)
        #expect(types.filter { $0 == "missed" }.count == 2)
        #expect(types.filter { $0 == "escalation" }.count == 4)
        #expect(types.filter { $0 == "proposal" }.count == 1)
        #expect(fixture.mirrored.withLock { $0.map(\.seq) } == Array(1...Int64(types.count)))
        let names = try fixture.events().flatMap(\.fields.values)
        #expect(!names.contains { $0.contains("张三") || $0.contains("13800000000") }, "no name or phone in events")
    }

    @Test("a check-in in the window is on time; late ones resolve the incident; outside any window is unmatched")
    func checkIns() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await Self.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            var reply = try await caseload.recordCheckIn(
                .init(caseID: "JX-2026-0042", method: "phone"), caller: Self.officer)
            #expect(reply.outcome == "on-time" && reply.occurrence == "ping@2026-12-01T01:10Z" && reply.eventSeq > 0)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:26:00+08:00"))
            reply = try await caseload.recordCheckIn(
                .init(caseID: "JX-2026-0042", method: "video"), caller: Self.officer)
            #expect(reply.outcome == "unmatched", "video is not accepted for this phone obligation")
            reply = try await caseload.recordCheckIn(
                .init(caseID: "JX-2026-0042", method: "phone"), caller: Self.officer)
            #expect(reply.outcome == "resolved" && reply.incident == "JX-2026-0042:ping@2026-12-01T01:20Z")
            #expect(await caseload.status().openIncidents == 0)
        }
    }

    @Test("bad requests get precise errors and change nothing")
    func badRequests() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await Self.add(caseload)
            let eventsBefore = try fixture.events().count
            await #expect(throws: RequestError.personExists("JX-2026-0042")) { try await Self.add(caseload) }
            await #expect(throws: RequestError.personNotFound("nobody")) {
                try await caseload.recordCheckIn(.init(caseID: "nobody", method: "phone"), caller: Self.officer)
            }
            await #expect(throws: RequestError.self) {
                try await caseload.recordCheckIn(.init(caseID: "JX-2026-0042", method: "pigeon"), caller: Self.officer)
            }
            await #expect(throws: RequestError.self) {
                try await caseload.recordCheckIn(
                    .init(caseID: "JX-2026-0042", method: "phone", at: "2026-12-02T09:00:00+08:00"),
                    caller: Self.officer)
            }
            await #expect(throws: RequestError.self) {
                try await caseload.recordCheckIn(
                    .init(caseID: "JX-2026-0042", method: "phone", at: "yesterday"), caller: Self.officer)
            }
            await #expect(throws: RequestError.policyNotFound("nope", known: ["quick"])) {
                try await caseload.addPerson(
                    .init(caseID: "X-1", name: "n", policy: "nope", supervisionStart: "2026-12-01T09:00:00+08:00"),
                    caller: Self.admin)
            }
            await #expect(throws: RequestError.self) {
                try await caseload.addPerson(
                    .init(caseID: "bad id!", name: "n", policy: "quick", supervisionStart: "2026-12-01T09:00:00+08:00"),
                    caller: Self.admin)
            }
            #expect(try fixture.events().count == eventsBefore)
            #expect(await caseload.status().persons == 1)
        }
    }

    @Test("a restart replays state and fires nothing twice; downtime is caught up once, dated at deadlines")
    func restartAndCatchUp() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await Self.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            _ = try await caseload.recordCheckIn(.init(caseID: "JX-2026-0042", method: "phone"), caller: Self.officer)
            try await caseload.runDue()
        }
        let before = try fixture.work()
        // Restart at once: nothing new but the start-up itself.
        let quiet = try await fixture.run { _, report in report }
        // Unchanged policies: the start reads state rows and replays no one's inputs.
        #expect(quiet.caughtUp == 0 && !quiet.policyChanged && quiet.persons == 1 && quiet.inputs == 0)
        #expect(try fixture.work().count == before.count)
        // Down for 25 minutes: the 09:20 and 09:30 windows open, get missed and escalate while down.
        fixture.clock.set(DaemonFixture.instant("2026-12-01T09:37:00+08:00"))
        let report = try await fixture.run { caseload, report in
            #expect(await caseload.status().openIncidents == 2)
            return report
        }
        let caught = try fixture.work().dropFirst(before.count)
        #expect(report.caughtUp == caught.count - 1)
        #expect(caught.last?.type == "caught-up")
        let missed = caught.filter { $0.type == "missed" }
        #expect(
            missed.map(\.at) == [
                DaemonFixture.instant("2026-12-01T09:25:00+08:00").microseconds,
                DaemonFixture.instant("2026-12-01T09:35:00+08:00").microseconds,
            ])
        let restart = DaemonFixture.instant("2026-12-01T09:37:00+08:00").microseconds
        #expect(caught.dropLast().allSatisfy { ($0.fields["caught_up"] == "1") == ($0.at < restart - 60_000_000) })
        let ids = try fixture.events().compactMap { $0.fields["action"] }
        #expect(Set(ids).count == ids.count, "every action fired exactly once")
        // And once more: nothing new.
        let again = try await fixture.run { _, report in report }
        #expect(again.caughtUp == 0)
        #expect(try Store(path: fixture.databasePath).verifyChain().isIntact)
    }

    @Test("reload: a broken policy keeps the old set and says where; a fixed one applies to new windows")
    func reload() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await Self.add(caseload)
            try fixture.writePolicy(
                DaemonFixture.quickPolicy.replacingOccurrences(of: "window = \"5min\"", with: "window = \"5 minits\""))
            guard case .rejected(let problems) = await caseload.reload() else {
                Issue.record("a broken policy must be rejected")
                return
            }
            #expect(
                problems.count == 1
                    && problems[0].contains("quick.toml: [obligation.1.window]: \"5 minits\" is not a duration"))
            #expect(await caseload.reload() == .rejected(problems), "still broken, still rejected")
            try fixture.writePolicy(
                DaemonFixture.quickPolicy.replacingOccurrences(of: "*:00/10:00", with: "*:05/10:00"))
            #expect(await caseload.reload() == .applied(policies: ["quick"], changedPersons: 1))
            #expect(await caseload.reload() == .unchanged)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:20:00+08:00"))
            try await caseload.runDue()
        }
        let opened = try fixture.events().filter { $0.type == "window-opened" }.compactMap { $0.fields["occurrence"] }
        #expect(opened == ["ping@2026-12-01T01:05Z", "ping@2026-12-01T01:15Z"])
        // The replay after a restart follows the same policy history.
        let report = try await fixture.run { _, report in report }
        #expect(report.caughtUp == 0)
    }
}
