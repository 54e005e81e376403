import CCSDDaemon
import CCSDProtocol
import Testing

@Suite("Correcting a mistaken check-in")
struct CorrectionTests {
    @Test("the check-in stays on record, the window it satisfied is missed after all, once, and a restart agrees")
    func correct() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            let recorded = try await caseload.recordCheckIn(
                .init(caseID: "JX-2026-0042", method: "phone"), caller: CaseloadTests.officer)
            #expect(recorded.outcome == "on-time")
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:18:00+08:00"))
            try await caseload.runDue()
            let reply = try await caseload.correctCheckIn(
                .init(caseID: "JX-2026-0042", eventSeq: recorded.eventSeq, reason: "wrong person"),
                caller: CaseloadTests.officer)
            #expect(reply.consequences >= 3)  // missed, escalation steps, admonition proposal
            #expect(try await caseload.overdue(officer: nil).map(\.id) == ["JX-2026-0042:ping@2026-12-01T01:10Z"])
            await #expect(throws: RequestError.self) {
                try await caseload.correctCheckIn(
                    .init(caseID: "JX-2026-0042", eventSeq: recorded.eventSeq, reason: "again"),
                    caller: CaseloadTests.officer)
            }
            await #expect(throws: RequestError.self) {
                try await caseload.correctCheckIn(
                    .init(caseID: "JX-2026-0042", eventSeq: 1, reason: "not a check-in"), caller: CaseloadTests.officer)
            }
        }
        let events = try fixture.events()
        #expect(events.filter { $0.type == "check-in" }.count == 1, "the check-in stays on record")
        let missed = try #require(events.first { $0.type == "missed" })
        #expect(missed.at == DaemonFixture.instant("2026-12-01T09:15:00+08:00").microseconds)
        #expect(missed.fields["caught_up"] == "1")
        #expect(events.contains { $0.type == "check-in-corrected" && $0.fields["reason"] == "wrong person" })
        let overdue = try await fixture.run { caseload, report in
            #expect(report.caughtUp == 0)
            return try await caseload.overdue(officer: nil).count
        }
        #expect(overdue == 1)
    }

    @Test("voiding a check-in lets a later one meet the window: its new outcome is written once, and kept")
    func laterCheckInMeetsTheWindow() async throws {
        let fixture = try DaemonFixture()
        let caseID = "JX-2026-0042"
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload, caseID)
            // Before any window: unmatched, and its action, replayed by the correction, is no consequence of it.
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:05:00+08:00"))
            let early = try await caseload.recordCheckIn(
                .init(caseID: caseID, method: "phone"), caller: CaseloadTests.officer)
            #expect(early.outcome == "unmatched")
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            let first = try await caseload.recordCheckIn(
                .init(caseID: caseID, method: "phone"), caller: CaseloadTests.officer)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:13:00+08:00"))
            let second = try await caseload.recordCheckIn(
                .init(caseID: caseID, method: "phone"), caller: CaseloadTests.officer)
            #expect(first.outcome == "on-time" && second.outcome == "unmatched")
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:14:00+08:00"))
            let reply = try await caseload.correctCheckIn(
                .init(caseID: caseID, eventSeq: first.eventSeq, reason: "wrong person"), caller: CaseloadTests.officer)
            #expect(reply.consequences == 1, "the second check-in's outcome")
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:16:00+08:00"))
            try await caseload.runDue()
            #expect(try await caseload.overdue(officer: nil).isEmpty, "the window was met after all")
        }
        try await fixture.run { caseload, report in
            let overdue = try await caseload.overdue(officer: nil)
            #expect(report.caughtUp == 0 && overdue.isEmpty)
        }
        let events = try fixture.events()
        let outcomes = events.filter { $0.type == "outcome" }
        #expect(outcomes.count == 2, "the first check-in's, then the second's as a consequence")
        #expect(outcomes.last?.at == DaemonFixture.instant("2026-12-01T09:13:00+08:00").microseconds)
        #expect(!events.contains { $0.type == "missed" })
        #expect(events.filter { $0.type == "unmatched-check-in" }.count == 2, "09:05 and 09:13, each once")
    }
}
