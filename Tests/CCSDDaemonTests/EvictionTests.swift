import CCSDProtocol
import CCSDTime
import Testing

@testable import CCSDDaemon

@Suite("Putting cold engines to sleep")
struct EvictionTests {
    /// One window a day, 08:00–09:00 Beijing time, and nothing else.
    static let dailyPolicy = """
        [policy]
        title = "daily test policy"
        time-zone = "Asia/Shanghai"

        [[obligation]]
        id = "daily"
        kind = "phone"
        schedule = "*-*-* 08:00:00"
        window = "1h"
        """

    static let cases = LazyEngineTests.cases

    /// Runs `body` on a caseload of ``cases`` under ``dailyPolicy``, added the day before their first window, every
    /// one of them asleep (nothing open until then).
    static func withSleepers(_ body: (DaemonFixture, Caseload) async throws -> Void) async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(dailyPolicy)
        try await fixture.run(engineCacheLimit: 0) { caseload, _ in
            for caseID in cases { _ = try await CaseloadTests.add(caseload, caseID) }
            try await caseload.runDue()
            #expect(await caseload.entries.isEmpty, "nothing open until tomorrow's window")
            try await body(fixture, caseload)
        }
    }

    @Test("only persons with nothing open go to sleep, and they do once it is all closed")
    func onlyTheQuietSleep() async throws {
        let cases = Self.cases
        try await Self.withSleepers { fixture, caseload in
            fixture.clock.set(DaemonFixture.instant("2026-12-02T08:30:00+08:00"))
            try await caseload.runDue()
            #expect(await caseload.entries.count == cases.count, "everyone's window is open")
            _ = try await caseload.recordCheckIn(
                .init(caseID: cases[0], method: "phone"), caller: CaseloadTests.officer)
            fixture.clock.set(DaemonFixture.instant("2026-12-02T09:30:00+08:00"))
            try await caseload.runDue()
            // The others missed: an incident each keeps them in memory (the queues list incidents from it).
            #expect(await Set(caseload.entries.keys) == Set(cases.dropFirst()))
            #expect(await caseload.dormant[cases[0]] != nil)
            #expect(await caseload.status().openIncidents == cases.count - 1)
        }
    }

    @Test("check-ins pipelined together wake their sleeping persons together, each as of now")
    func aGroupWakesItsSleepers() async throws {
        let cases = Self.cases
        try await Self.withSleepers { fixture, caseload in
            // The windows have opened, but nothing has run since: everyone is still asleep.
            fixture.clock.set(DaemonFixture.instant("2026-12-02T08:30:00+08:00"))
            let group = [cases[0], cases[1], cases[2], cases[0]].map {
                Methods.RecordCheckIn(caseID: $0, method: "phone")
            }
            let replies = try await caseload.settle(caseload.queueCheckIns(group, caller: CaseloadTests.officer)).map {
                try $0.get()
            }
            #expect(replies.map(\.outcome) == ["on-time", "on-time", "on-time", "unmatched"])
            let seqs = replies.map(\.eventSeq)
            #expect(!seqs.contains(0) && seqs == seqs.sorted() && Set(seqs).count == seqs.count)
            #expect(await Set(caseload.entries.keys) == Set(cases.prefix(3)))
            // What the rebuilds found due (the windows opening) is on record before the check-ins.
            let opened = try fixture.events().filter { $0.type == "window-opened" }.map(\.seq)
            #expect(opened.count == 3 && opened.allSatisfy { $0 < seqs[0] })
        }
    }
}
