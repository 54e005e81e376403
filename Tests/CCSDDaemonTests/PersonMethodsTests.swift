import CCSDDaemon
import CCSDProtocol
import CCSDStore
import Foundation
import Testing

@Suite("Persons: update, end of supervision, listing, compliance")
struct PersonMethodsTests {
    static let admin = CaseloadTests.admin

    @Test("an update changes the record and, for a new policy, only windows from now on; names stay out of the log")
    func update() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(
            DaemonFixture.quickPolicy.replacingOccurrences(of: "*:00/10:00", with: "*:05/10:00"), name: "offset")
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:11:00+08:00"))
            try await caseload.runDue()
            let person = try await caseload.updatePerson(
                .init(caseID: "JX-2026-0042", name: "张三丰", phone: "13900000000", officer: "officer2", policy: "offset"),
                caller: Self.admin)
            #expect(person.policy == "offset" && person.officer == "officer2" && person.name == "张三丰")
            await #expect(throws: RequestError.policyNotFound("nope", known: ["offset", "quick"])) {
                try await caseload.updatePerson(.init(caseID: "JX-2026-0042", policy: "nope"), caller: Self.admin)
            }
            await #expect(throws: RequestError.self) {
                try await caseload.updatePerson(.init(caseID: "JX-2026-0042"), caller: Self.admin)
            }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:30:00+08:00"))
            try await caseload.runDue()
            #expect(try await caseload.listPersons(.init(officer: "officer2")).map(\.caseID) == ["JX-2026-0042"])
            #expect(try await caseload.listPersons(.init(officer: "officer1")).isEmpty)
        }
        let events = try fixture.events()
        let opened = events.filter { $0.type == "window-opened" }.compactMap { $0.fields["occurrence"] }
        // 09:10 opened under "quick" and keeps its window; from 09:11 on, "offset" opens at :15 and :25.
        #expect(opened == ["ping@2026-12-01T01:10Z", "ping@2026-12-01T01:15Z", "ping@2026-12-01T01:25Z"])
        let updated = try #require(events.first { $0.type == "person-updated" })
        #expect(updated.fields["changed"] == "name,phone,officer,policy")
        #expect(!events.flatMap(\.fields.values).contains { $0.contains("张三丰") || $0.contains("13900000000") })
        // Restart: the replay reaches the same state (nothing new fires).
        let policy = try await fixture.run { caseload, report in
            #expect(report.caughtUp == 0)
            return try await caseload.person("JX-2026-0042").person.policy
        }
        #expect(policy == "offset")
    }

    @Test("ending supervision excuses the open window, schedules nothing more, and survives a restart")
    func end() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            try await caseload.runDue()
            let person = try await caseload.endSupervision(
                .init(caseID: "JX-2026-0042", reason: "sentence served"), caller: Self.admin)
            #expect(person.status == "ended" && person.supervisionEnd == "2026-12-01T09:12:00+08:00")
            #expect(try await caseload.listPersons(.init(status: "ended")).count == 1)
            await #expect(throws: RequestError.supervisionEnded("JX-2026-0042")) {
                try await caseload.recordCheckIn(
                    .init(caseID: "JX-2026-0042", method: "phone"), caller: CaseloadTests.officer)
            }
        }
        fixture.clock.set(DaemonFixture.instant("2026-12-01T10:00:00+08:00"))
        let ended = try await fixture.run { caseload, report in
            (report.caughtUp, try await caseload.listPersons(.init(status: "ended")).count)
        }
        #expect(ended == (0, 1))
        #expect(try fixture.events().filter { $0.type == "window-opened" }.count == 1)
    }

    @Test("the compliance report counts outcomes per person and per officer")
    func compliance() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            _ = try await CaseloadTests.add(caseload, "JX-2026-0043")
            for minute in [12, 32] {
                fixture.clock.set(DaemonFixture.instant("2026-12-01T09:\(minute):00+08:00"))
                _ = try await caseload.recordCheckIn(
                    .init(caseID: "JX-2026-0042", method: "phone"), caller: CaseloadTests.officer)
            }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:41:00+08:00"))
            try await caseload.runDue()
            let report = try await caseload.compliance(.init(from: "2026-12-01", to: "2026-12-02"))
            let first = try #require(report.persons.first { $0.key == "JX-2026-0042" })
            #expect(first.windows == 4 && first.onTime == 2 && first.missed == 1 && first.pending == 1)
            #expect(first.onTimeRate == 2.0 / 3.0)
            let officer = try #require(report.officers.first)
            #expect(officer.key == "officer1" && officer.windows == 8 && officer.missed == 4)
            await #expect(throws: RequestError.self) {
                try await caseload.compliance(.init(from: "2026-12-02", to: "2026-12-01"))
            }
        }
    }
}
