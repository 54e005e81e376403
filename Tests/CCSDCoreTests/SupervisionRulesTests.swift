import CCSDCore
import CCSDTime
import Testing

@Suite("Holidays, DST, leave, end of supervision, policy changes, the ladder")
struct SupervisionRulesTests {
    typealias F = Fixtures

    /// The 2026 Spring Festival: 15–23 February off, Saturday 14 and 28 February working days.
    static let springFestival = HolidayCalendar(
        ids: ["cn-mainland"],
        holidays: Dictionary(uniqueKeysWithValues: (15...23).map { (CivilDate(year: 2026, month: 2, day: $0)!, "春节") }),
        workdays: [CivilDate(year: 2026, month: 2, day: 14)!, CivilDate(year: 2026, month: 2, day: 28)!])

    func opens(_ actions: [Action]) -> [Instant] { actions.named("window-opened").map(\.at) }

    @Test("a Monday in the Spring Festival moves to the next working day")
    func nextWorkingDay() {
        let policy = F.weekly(holidays: Self.springFestival, onHoliday: .nextWorkingDay)
        var engine = Supervision(person: F.person(start: "2026-02-09"), policy: policy)
        let opened = opens(engine.advance(to: F.at("2026-03-03")))
        #expect(opened == [F.at("2026-02-09 09:00"), F.at("2026-02-24 09:00"), F.at("2026-03-02 09:00")])
    }

    @Test("skip drops the holiday's window; a make-up Saturday is a working day")
    func skipAndMakeUpDay() {
        var policy = F.weekly(holidays: Self.springFestival, onHoliday: .skip)
        policy.obligations[0].schedule = .calendar(F.spec("Sat *-*-* 09:00"))
        var engine = Supervision(person: F.person(start: "2026-02-09"), policy: policy)
        #expect(opens(engine.advance(to: F.at("2026-03-08"))) == [F.at("2026-02-14 09:00"), F.at("2026-02-28 09:00")])
    }

    @Test("DST: a window at a local time that does not exist is skipped; windows last their real length")
    func daylightSaving() {
        var policy = F.weekly()
        policy.timeZone = F.berlin
        policy.obligations[0].schedule = .calendar(F.spec("*-*-* 02:30"))
        let person = PersonRecord(caseID: "DE-1", timeZone: F.berlin, supervisionStart: F.at("2026-03-28", F.berlin))
        var engine = Supervision(person: person, policy: policy)
        let actions = engine.advance(to: F.at("2026-03-31", F.berlin))
        // 2026-03-29 02:30 does not exist in Berlin (clocks go 02:00 → 03:00).
        #expect(opens(actions) == [F.at("2026-03-28 02:30", F.berlin), F.at("2026-03-30 02:30", F.berlin)])
        let missed = actions.named("missed").map(\.at)
        #expect(missed.first == F.at("2026-03-28 02:30", F.berlin) + .hours(8))
    }

    /// The weekly policy plus a daily phone report due only while on leave.
    static func weeklyWithLeavePhone() -> Policy {
        var policy = F.weekly()
        policy.obligations.append(
            Obligation(
                id: "leave-phone", kind: "phone", schedule: .calendar(F.spec("*-*-* 20:00")), window: .hours(2),
                onLeave: .only))
        return policy
    }

    @Test("leave overlapping a window excuses it; the leave-only daily phone report is due during leave")
    func leave() throws {
        var engine = Supervision(person: F.person(), policy: Self.weeklyWithLeavePhone())
        _ = engine.advance(to: F.at("2026-12-01"))
        let leave = Leave(id: "L1", from: F.at("2026-12-05"), until: F.at("2026-12-08 12:00"))
        var actions = try engine.apply(.addLeave(leave), at: F.at("2026-12-02"))
        actions += engine.advance(to: F.at("2026-12-15"))
        let excused = actions.compactMap { a -> String? in
            if case .outcome(let o, .excused) = a.kind { return o.id }
            return nil
        }
        #expect(excused == ["weekly@2026-12-07T01:00Z"])
        let phone = actions.named("window-opened").filter { $0.id.contains("leave-phone") }.map(\.at)
        #expect(phone == [F.at("2026-12-05 20:00"), F.at("2026-12-06 20:00"), F.at("2026-12-07 20:00")])
    }

    @Test("nextWindowEdge is the least edge of live and upcoming windows, through a leave, check-ins and misses")
    func nextWindowEdge() throws {
        var engine = Supervision(person: F.person(), policy: Self.weeklyWithLeavePhone())
        func expected() -> Instant? { (engine.live + engine.upcoming).map { $0.opened ? $0.closes : $0.opens }.min() }
        _ = try engine.apply(
            .addLeave(Leave(id: "L1", from: F.at("2026-12-05"), until: F.at("2026-12-08 12:00"))),
            at: F.at("2026-12-01"))
        var now = F.at("2026-12-01")
        var seen = Set<Instant>()
        while now < F.at("2027-01-15") {
            now = now + .minutes(173)
            _ = engine.advance(to: now)
            // Check in on odd days' mornings, so that some windows are met and others missed.
            if engine.live.contains(where: \.opened), now.microseconds / 86_400_000_000 % 2 == 1 {
                _ = try engine.apply(.checkIn(CheckIn(at: now, method: "in-person")), at: now)
            }
            #expect(engine.nextWindowEdge == expected())
            if let edge = engine.nextWindowEdge { seen.insert(edge) }
        }
        #expect(seen.count > 10, "the edge moves as windows open and close")
    }

    @Test("supervision ending mid-window excuses that window and nothing follows")
    func endMidWindow() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        var actions = engine.advance(to: F.at("2026-12-07 10:00"))
        actions = try engine.apply(.endSupervision(reason: "sentence served"), at: F.at("2026-12-07 12:00"))
        #expect(actions.names == ["outcome", "supervision-ended"])
        #expect(
            engine.advance(to: F.at("2027-02-01")).filter { $0.name != "escalation" && $0.name != "proposal" }.isEmpty)
        #expect(engine.nextDeadline.map { $0 < F.at("2026-12-09") } ?? true, "only the open incident's ladder remains")
    }

    @Test("a policy change applies to new windows; open windows and running incidents keep theirs")
    func policyChange() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        _ = engine.advance(to: F.at("2026-12-07 18:00"))  // two misses, incidents open
        var monthly = F.weekly()
        monthly.name = "monthly"
        monthly.obligations[0].schedule = .calendar(F.spec("*-*-01 09:00"))
        monthly.escalation = []
        var actions = try engine.apply(.assignPolicy(monthly), at: F.at("2026-12-08"))
        actions += engine.advance(to: F.at("2027-02-02"))
        #expect(opens(actions) == [F.at("2027-01-01 09:00"), F.at("2027-02-01 09:00")])
        // The incidents opened under the old policy still escalate with the old ladder.
        #expect(actions.named("escalation").map(\.at).contains(F.at("2026-12-08 17:00")))
    }

    @Test("accepted admonitions climb the ladder: 2 admonitions → warning, 2 warnings → revocation review")
    func ladder() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        var proposals: [SanctionProposal] = []
        var now = F.at("2026-11-30")
        for week in 0..<6 {
            now = F.at("2026-11-30 18:00") + .days(Int64(7 * week))
            let actions = engine.advance(to: now)
            for case .proposal(let p) in actions.map(\.kind) { proposals.append(p) }
            // Contact again, then accept whatever was proposed.
            _ = try engine.apply(.checkIn(CheckIn(at: now, method: "in-person")), at: now)
            for p in engine.proposals {
                let decided = try engine.apply(.decide(proposal: p.id, .accepted, by: "officer1"), at: now)
                for case .proposal(let next) in decided.map(\.kind) { proposals.append(next) }
            }
        }
        let levels = proposals.map(\.level)
        #expect(levels.filter { $0 == .admonition }.count == 6)
        #expect(levels.filter { $0 == .warning }.count == 3)
        #expect(levels.filter { $0 == .revocationReview }.count == 1)
        #expect(engine.accepted[.warning] == 2)
    }

    @Test("an occurrence can be excused before it opens")
    func excuseAhead() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        var actions = try engine.apply(
            .excuse(occurrence: "weekly@2026-12-14T01:00Z", reason: "hospital"), at: F.at("2026-12-01"))
        actions += engine.advance(to: F.at("2026-12-15"))
        #expect(actions.named("missed").count == 2)  // 30 Nov and 7 Dec, not 14 Dec
        #expect(!actions.contains { $0.id.contains("2026-12-14T01:00Z/open") })
    }
}

@Suite("Suspension")
struct SuspensionTests {
    typealias F = Fixtures

    @Test("while suspended windows are excused, reminders and proposals wait; resume starts afresh")
    func suspendAndResume() throws {
        var engine = Supervision(person: F.person(), policy: F.weekly())
        _ = engine.advance(to: F.at("2026-11-30 18:00"))  // first window missed, out of contact
        var actions = try engine.apply(.suspend(reason: "in custody"), at: F.at("2026-12-01"))
        actions += engine.advance(to: F.at("2026-12-20"))
        #expect(actions.named("proposal").isEmpty, "no warning while suspended")
        #expect(actions.named("reminder").isEmpty)
        #expect(actions.named("missed").isEmpty)
        #expect(actions.named("outcome").count == 2)  // 7 and 14 December excused
        #expect(throws: EngineError.alreadySuspended("JX-2026-0042")) {
            try engine.apply(.suspend(reason: "again"), at: F.at("2026-12-20"))
        }
        actions = try engine.apply(.resume, at: F.at("2026-12-20"))
        #expect(actions.names == ["resumed"] && engine.outOfContactSince == nil)
        actions = engine.advance(to: F.at("2026-12-22"))
        #expect(actions.named("missed").count == 1 && actions.named("reminder").count == 2)
        #expect(throws: EngineError.notSuspended("JX-2026-0042")) { try engine.apply(.resume, at: F.at("2026-12-22")) }
    }
}
