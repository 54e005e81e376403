import CCSDCore
import CCSDTime
import Testing

@Suite("Supervision engine over virtual time")
struct SupervisionTests {
    typealias F = Fixtures

    @Test("no check-ins: windows, reminders, misses, escalations and the whole sanction ladder")
    func everythingMissed() {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        let actions = engine.advance(to: F.at("2027-01-31"))
        let opened = actions.named("window-opened")
        #expect(opened.count == 9)  // Mondays 2026-11-30 … 2027-01-25
        #expect(opened.first?.at == F.at("2026-11-30 09:00"))
        #expect(opened.first?.id == "JX-2026-0042/weekly@2026-11-30T01:00Z/open")
        // The day-before reminder of the first Monday would precede supervision: dropped.
        #expect(actions.named("reminder").count == 8 + 9)
        #expect(actions.named("missed").count == 9)
        #expect(actions.named("missed").first?.at == F.at("2026-11-30 17:00"))
        // Officer at once and 4 h later; supervisor after a day: 3 firings per incident.
        #expect(actions.named("escalation").count == 27)
        let proposals = actions.compactMap { action -> (SanctionLevel, Instant)? in
            if case .proposal(let p) = action.kind { return (p.level, action.at) }
            return nil
        }
        let missed = F.at("2026-11-30 17:00")
        #expect(proposals.map(\.0) == [.admonition, .warning, .revocationReview])
        #expect(proposals[0].1 == missed)
        #expect(proposals[1].1 == missed + .days(10) + .seconds(1))
        #expect(proposals[2].1 == missed + .days(30) + .seconds(1))
        #expect(engine.incidents.count == 9)
        #expect(Set(actions.map(\.id)).count == actions.count, "every action has its own identity")
    }

    @Test("on-time check-in: no miss, and the closing reminder is not sent")
    func onTime() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        let checkIn = CheckIn(at: F.at("2026-11-30 10:00"), method: "in-person", recordedBy: "officer1")
        let actions = try engine.apply(.checkIn(checkIn), at: checkIn.at) + engine.advance(to: F.at("2026-12-06"))
        #expect(actions.names == ["window-opened", "outcome"])
        if case .outcome(_, let outcome) = actions[1].kind { #expect(outcome == .onTime) }
        #expect(engine.incidents.isEmpty && engine.proposals.isEmpty)
    }

    @Test("a check-in within the grace period is late, not missed")
    func lateWithinGrace() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly(grace: .hours(1)))
        let at = F.at("2026-11-30 17:30")
        let actions = try engine.apply(.checkIn(CheckIn(at: at, method: "in-person")), at: at)
        guard case .outcome(_, let outcome) = actions.last?.kind else {
            Issue.record("expected an outcome, got \(actions.names)")
            return
        }
        #expect(outcome == .late)
        #expect(engine.incidents.isEmpty && actions.named("missed").isEmpty)
    }

    @Test("a late check-in resolves the incident, stops escalation and ends the out-of-contact episode")
    func lateCheckInResolves() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        var actions = engine.advance(to: F.at("2026-11-30 18:00"))
        #expect(actions.named("missed").count == 1)
        #expect(engine.outOfContactSince == F.at("2026-11-30 17:00"))
        let at = F.at("2026-11-30 19:00")
        actions = try engine.apply(.checkIn(CheckIn(at: at, method: "in-person")), at: at)
        #expect(actions.names == ["resolved"])
        #expect(engine.incidents.isEmpty && engine.outOfContactSince == nil)
        actions = engine.advance(to: F.at("2026-12-06"))
        #expect(actions.named("escalation").isEmpty, "nothing escalates after the late check-in")
    }

    @Test("acknowledging stops the ladder of that incident but keeps it open")
    func acknowledge() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        _ = engine.advance(to: F.at("2026-11-30 17:00"))
        let incident = try #require(engine.incidents.first)
        let actions = try engine.apply(
            .acknowledge(incident: incident.id, by: "officer1"), at: F.at("2026-11-30 18:00"))
        #expect(actions.names == ["acknowledged"])
        #expect(engine.advance(to: F.at("2026-12-05")).named("escalation").isEmpty)
        #expect(engine.incidents.count == 1)
    }

    @Test("unknown ids and methods are errors that change nothing")
    func unknownInputs() {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        #expect(throws: EngineError.unknownIncident("nope")) {
            try engine.apply(.acknowledge(incident: "nope", by: "x"), at: F.at("2026-12-01"))
        }
        #expect(throws: EngineError.unknownMethod("carrier-pigeon")) {
            try engine.apply(
                .checkIn(CheckIn(at: F.at("2026-12-01"), method: "carrier-pigeon")), at: F.at("2026-12-01"))
        }
        #expect(engine.evaluated < F.at("2026-11-30"), "a rejected input does not advance time")
    }

    @Test("advancing in small steps or one leap gives the same actions (catch-up after downtime)")
    func stepsEqualLeap() {
        var leap = Supervision(person: F.person(), policy: F.weekly())
        let all = leap.advance(to: F.at("2027-03-01"))
        var steps = Supervision(person: F.person(), policy: F.weekly())
        var collected: [Action] = []
        var now = F.at("2026-11-30")
        while now < F.at("2027-03-01") {
            now = now + .minutes(97)
            collected += steps.advance(to: min(now, F.at("2027-03-01")))
        }
        #expect(collected.map(\.id) == all.map(\.id))
        #expect(collected.map(\.at) == all.map(\.at))
    }

    @Test("nextDeadline is exactly the time of the next action")
    func nextDeadline() {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        for _ in 0..<50 {
            guard let next = engine.nextDeadline else { break }
            #expect(engine.advance(to: Instant(microseconds: next.microseconds - 1)).isEmpty)
            let actions = engine.advance(to: next)
            #expect(!actions.isEmpty && actions.allSatisfy { $0.at == next })
        }
    }
}
