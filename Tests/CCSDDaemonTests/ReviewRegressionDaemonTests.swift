import CCSDDaemon
import CCSDProtocol
import CCSDVarlink
import Foundation
import Testing

@Suite("Daemon regressions found in review")
struct ReviewRegressionDaemonTests {
    @Test("a correction then a real check-in: the new outcome is logged, not dropped as a duplicate")
    func recheckAfterCorrection() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:11:00+08:00"))
            let first = try await caseload.recordCheckIn(
                .init(caseID: "JX-2026-0042", method: "phone"), caller: CaseloadTests.officer)
            _ = try await caseload.correctCheckIn(
                .init(caseID: "JX-2026-0042", eventSeq: first.eventSeq, reason: "wrong person"),
                caller: CaseloadTests.officer)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:13:00+08:00"))
            let second = try await caseload.recordCheckIn(
                .init(caseID: "JX-2026-0042", method: "phone"), caller: CaseloadTests.officer)
            #expect(second.outcome == "on-time")
        }
        let outcomes = try fixture.events().filter { $0.type == "outcome" && $0.fields["outcome"] == "on-time" }
        #expect(outcomes.count == 2)
        #expect(try await fixture.run { _, report in report.caughtUp } == 0)
    }

    @Test("a wall clock stepped back does not reorder inputs against a reload")
    func clockStepsBack() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:11:00+08:00"))
            try fixture.writePolicy(
                DaemonFixture.quickPolicy.replacingOccurrences(of: "*:00/10:00", with: "*:05/10:00"))
            _ = await caseload.reload()
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:05:00+08:00"))  // NTP steps back six minutes
            _ = try await caseload.recordCheckIn(
                .init(caseID: "JX-2026-0042", method: "phone"), caller: CaseloadTests.officer)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:20:00+08:00"))
            try await caseload.runDue()
        }
        #expect(try await fixture.run { _, report in report.caughtUp } == 0)
    }

    @Test("own-caseload officers cannot act on another's incident by adding their own case id")
    func noBypass() async throws {
        let fixture = try DaemonFixture()
        let me = "user\(getuid())"
        let incident = try await fixture.run { caseload, _ in
            _ = try await caseload.addPerson(
                .init(
                    caseID: "MINE-1", name: "a", policy: "quick", officer: me,
                    supervisionStart: "2026-12-01T09:00:00+08:00"),
                caller: CaseloadTests.admin)
            _ = try await caseload.addPerson(
                .init(
                    caseID: "THEIRS-1", name: "b", policy: "quick", officer: "other",
                    supervisionStart: "2026-12-01T09:00:00+08:00"),
                caller: CaseloadTests.admin)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:16:00+08:00"))
            try await caseload.runDue()
            return try await caseload.overdue(officer: "other").first?.id ?? ""
        }
        try await ControlSocketTests.serve(fixture, role: .officer, ownCaseloadOnly: true) { socket in
            let client = try VarlinkClient(path: socket, timeout: .seconds(10))
            #expect(throws: VarlinkError.self) {
                try client.call(
                    "io.ccsd.Supervision.Acknowledge", parameters: ["incident": incident, "case_id": "MINE-1"])
            }
        }
    }
}
