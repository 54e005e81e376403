import CCSDDaemon
import CCSDProtocol
import CCSDStore
import Foundation
import Testing

@Suite("Officers' methods: incidents, decisions, leave, excuses, queues, explanations")
struct OfficerMethodsTests {
    static let officer = CaseloadTests.officer

    @Test("ack stops escalation, resolve closes, both audited with the caller; unknown ids are errors")
    func incidents() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:25:30+08:00"))
            try await caseload.runDue()
            let overdue = try await caseload.overdue(officer: nil)
            #expect(
                overdue.map(\.id) == ["JX-2026-0042:ping@2026-12-01T01:10Z", "JX-2026-0042:ping@2026-12-01T01:20Z"])
            #expect(try await caseload.overdue(officer: "someone-else").isEmpty)
            try await caseload.acknowledge(.init(incident: overdue[1].id, note: "calling"), caller: Self.officer)
            try await caseload.resolve(.init(incident: overdue[0].id, note: "reached by phone"), caller: Self.officer)
            await #expect(throws: RequestError.incidentNotFound("JX-2026-0042:nope")) {
                try await caseload.acknowledge(.init(incident: "JX-2026-0042:nope"), caller: Self.officer)
            }
            await #expect(throws: RequestError.self) {
                try await caseload.resolve(.init(incident: overdue[1].id, note: "  "), caller: Self.officer)
            }
            let left = try await caseload.overdue(officer: nil)
            #expect(left.map(\.state) == ["acknowledged"])
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:29:00+08:00"))
            try await caseload.runDue()
        }
        let events = try fixture.events()
        let ack = try #require(events.first { $0.type == "acknowledged" })
        #expect(
            ack.fields["caller"] == "officer1" && ack.fields["caller_uid"] == "1000" && ack.fields["note"] == "calling")
        let resolved = try #require(events.first { $0.type == "resolved" })
        #expect(resolved.fields["resolution"]?.contains("reached by phone") == true)
        // The acknowledged incident's second step (09:27) never fired.
        #expect(!events.contains { $0.type == "escalation" && $0.fields["step"] == "1.1" && $0.at > ack.at })
    }

    @Test("decisions feed the ladder; a bad decision word is refused")
    func decisions() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:16:00+08:00"))
            try await caseload.runDue()
            let proposal = try #require(try await caseload.pendingProposals(officer: nil).first)
            #expect(proposal.proposal.level == "admonition")
            await #expect(throws: RequestError.self) {
                try await caseload.decide(
                    .init(proposal: proposal.proposal.id, decision: "maybe", note: "x"), caller: Self.officer)
            }
            try await caseload.decide(
                .init(proposal: proposal.proposal.id, decision: "accept", note: "warned in person"),
                caller: Self.officer)
            #expect(try await caseload.pendingProposals(officer: nil).isEmpty)
            await #expect(throws: RequestError.proposalNotFound(proposal.proposal.id)) {
                try await caseload.decide(
                    .init(proposal: proposal.proposal.id, decision: "accept", note: "again"), caller: Self.officer)
            }
            let lines = try await caseload.explain("JX-2026-0042")
            #expect(lines.contains { $0.hasPrefix("Ladder: 1 admonition(s) and 0 warning(s) accepted") })
        }
        #expect(try fixture.events().contains { $0.type == "decision" && $0.fields["decision"] == "accepted" })
    }

    @Test("leave excuses the windows it overlaps; excuses work ahead; the destination never reaches the log")
    func leaveAndExcuse() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            let leave = try await caseload.addLeave(
                .init(
                    caseID: "JX-2026-0042", from: "2026-12-01T09:05:00+08:00", until: "2026-12-01T09:15:00+08:00",
                    destination: "杭州市西湖区某路1号", approver: "chief"), caller: Self.officer)
            #expect(try await caseload.leaves("JX-2026-0042").map(\.id) == [leave.id])
            try await caseload.excuse(
                .init(caseID: "JX-2026-0042", occurrence: "ping@2026-12-01T01:20Z", reason: "hospital"),
                caller: Self.officer)
            await #expect(throws: RequestError.self) {
                try await caseload.addLeave(
                    .init(
                        caseID: "JX-2026-0042", from: "2026-12-02T00:00:00+08:00", until: "2026-12-01T00:00:00+08:00",
                        destination: "x"), caller: Self.officer)
            }
            await #expect(throws: RequestError.leaveNotFound("L-none")) {
                try await caseload.cancelLeave(.init(caseID: "JX-2026-0042", leaveID: "L-none"), caller: Self.officer)
            }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:36:00+08:00"))
            try await caseload.runDue()
            #expect(try await caseload.overdue(officer: nil).map(\.id) == ["JX-2026-0042:ping@2026-12-01T01:30Z"])
            let upcoming = try await caseload.upcoming(within: "15min", officer: nil)
            #expect(upcoming.map(\.window.occurrence) == ["ping@2026-12-01T01:40Z", "ping@2026-12-01T01:50Z"])
            await #expect(throws: RequestError.self) { try await caseload.upcoming(within: "forever", officer: nil) }
        }
        let events = try fixture.events()
        let excused = events.filter { $0.type == "outcome" && $0.fields["outcome"] == "excused" }.compactMap {
            $0.fields["occurrence"]
        }
        #expect(excused == ["ping@2026-12-01T01:10Z", "ping@2026-12-01T01:20Z"])
        #expect(!events.flatMap(\.fields.values).contains { $0.contains("杭州") }, "the destination stays out of the log")
        // A restart replays leave and excuse to the same state.
        let report = try await fixture.run { caseload, report in
            let overdue = try await caseload.overdue(officer: nil)
            #expect(overdue.count == 1)
            return report
        }
        #expect(report.caughtUp == 0)
    }

    @Test("the audit chain verifies, and explain speaks plainly")
    func auditAndExplain() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            let lines = try await caseload.explain("JX-2026-0042")
            #expect(lines[0] == "JX-2026-0042 follows policy quick (quick test policy) in Asia/Shanghai.")
            #expect(lines.contains { $0.contains("The phone report ping opens 2026-12-01T09:10:00+08:00") })
            #expect(lines.contains { $0.contains("Reminder reminder-soon to person at 2026-12-01T09:09:00+08:00") })
            let audit = try await caseload.verifyAudit()
            #expect(audit.intact && audit.events >= 2 && audit.firstBreak == nil)
            await #expect(throws: RequestError.personNotFound("x")) { try await caseload.explain("x") }
        }
    }
}

@Suite("The incident list with resolved incidents")
struct IncidentListTests {
    @Test("--all lists resolved incidents with how they ended; the default only unresolved ones")
    func resolvedIncidents() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:26:00+08:00"))
            try await caseload.runDue()
            let open = try await caseload.incidents(.init())
            #expect(open.map(\.state) == ["open", "open"])
            try await caseload.resolve(.init(incident: open[0].id, note: "called back"), caller: CaseloadTests.officer)
            let all = try await caseload.incidents(.init(includeResolved: true, since: "2026-12-01"))
            #expect(all.map(\.state) == ["resolved", "open"])
            #expect(all[0].resolution?.contains("called back") == true && all[0].resolved != nil)
            #expect(try await caseload.incidents(.init()).count == 1)
            await #expect(throws: RequestError.self) {
                try await caseload.incidents(.init(includeResolved: true, since: "soon"))
            }
        }
    }
}
