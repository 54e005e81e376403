import CCSDCore
import CCSDTime
import Testing

@Suite("Regressions found in review")
struct ReviewRegressionTests {
    typealias F = Fixtures

    @Test("after supervision ends, open incidents stay but nobody is paged")
    func noEscalationAfterEnd() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        _ = engine.advance(to: F.at("2026-11-30 17:30"))
        _ = try engine.apply(.endSupervision(reason: "served"), at: F.at("2026-11-30 18:00"))
        #expect(engine.advance(to: F.at("2026-12-10")).named("escalation").isEmpty)
        #expect(engine.incidents.count == 1)
    }

    @Test("an excused scheduled window stays excused when a policy change schedules it again")
    func excusedSurvivesPolicyChange() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        _ = engine.advance(to: F.at("2026-12-06 10:00"))  // 7 Dec window announced by its reminder
        _ = try engine.apply(
            .excuse(occurrence: "weekly@2026-12-07T01:00Z", reason: "court"), at: F.at("2026-12-06 11:00"))
        var again = F.weekly()
        again.title = "edited"
        var actions = try engine.apply(.assignPolicy(again), at: F.at("2026-12-06 12:00"))
        actions += engine.advance(to: F.at("2026-12-08"))
        #expect(actions.named("missed").isEmpty)
    }

    @Test("a check-in made before a window opened satisfies neither it nor its miss")
    func checkInBeforeOpening() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        _ = engine.advance(to: F.at("2026-12-07 18:00"))
        let early = CheckIn(at: F.at("2026-12-02 10:00"), method: "in-person")
        let actions = try engine.apply(.checkIn(early), at: F.at("2026-12-07 18:00"))
        // It can resolve the 30 Nov miss (reported after that window opened), not the 7 Dec one.
        guard case .resolved(let incident, _) = actions.first?.kind else {
            Issue.record("expected a resolution, got \(actions.names)")
            return
        }
        #expect(incident.occurrence == "weekly@2026-11-30T01:00Z")
    }

    @Test("a second leave keeps the first leave's next leave-only window")
    func secondLeave() throws {
        var policy = F.weekly()
        policy.obligations = [
            Obligation(
                id: "leave-phone", kind: "phone", schedule: .calendar(F.spec("*-*-* 20:00")), window: .hours(2),
                onLeave: .only)
        ]
        var engine = Supervision(person: F.person(), policy: policy)
        _ = try engine.apply(
            .addLeave(Leave(id: "L1", from: F.at("2026-12-10"), until: F.at("2026-12-12"))), at: F.at("2026-12-01"))
        _ = try engine.apply(
            .addLeave(Leave(id: "L2", from: F.at("2026-12-20"), until: F.at("2026-12-21"))), at: F.at("2026-12-02"))
        var actions = engine.advance(to: F.at("2026-12-22"))
        #expect(
            actions.named("window-opened").map(\.at) == [
                F.at("2026-12-10 20:00"), F.at("2026-12-11 20:00"), F.at("2026-12-20 20:00"),
            ])
        // Cancelling a leave withdraws its windows that have not opened.
        var other = Supervision(person: F.person(), policy: policy)
        _ = try other.apply(
            .addLeave(Leave(id: "L1", from: F.at("2026-12-10"), until: F.at("2026-12-12"))), at: F.at("2026-12-01"))
        _ = other.advance(to: F.at("2026-12-10 19:00"))
        actions = try other.apply(.cancelLeave(id: "L1"), at: F.at("2026-12-10 19:30"))
        actions += other.advance(to: F.at("2026-12-15"))
        #expect(actions.named("window-opened").isEmpty && actions.named("missed").isEmpty)
    }
}
