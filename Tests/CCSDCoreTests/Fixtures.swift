import CCSDCore
import CCSDTime
import CCSDZoneInfo

/// Shared zones and builders for engine tests: real zoneinfo data, virtual time.
enum Fixtures {
    static let zones = ZoneDatabase()
    static let shanghai = zones.zone(named: "Asia/Shanghai")!
    static let berlin = zones.zone(named: "Europe/Berlin")!

    static func at(_ text: String, _ zone: ZoneRules = shanghai) -> Instant {
        let parts = text.split(separator: " ")
        let date = CivilDate.parse(String(parts[0]))!
        let hm = parts.count > 1 ? parts[1].split(separator: ":").map { Int($0)! } : [0, 0]
        let local = LocalDateTime(date: date, hour: hm[0], minute: hm[1], second: 0, microsecond: 0)
        return zone.instant(for: local)!
    }

    static func spec(_ text: String) -> CalendarSpec { try! CalendarSpec.parse(text, zones: zones) }

    /// Weekly report on Monday 09:00 for 8 hours; reminder the day before; officer at once, supervisor after 1 day.
    static func weekly(
        grace: TimeSpan = .zero, holidays: HolidayCalendar = .none, onHoliday: Obligation.HolidayRule = .keep
    )
        -> Policy
    {
        Policy(
            name: "weekly", title: "test", timeZone: shanghai, holidays: holidays,
            obligations: [
                Obligation(
                    id: "weekly", kind: "in-person", schedule: .calendar(spec("Mon *-*-* 09:00")), window: .hours(8),
                    grace: grace, onHoliday: onHoliday)
            ],
            reminders: [
                Reminder(id: "day-before", lead: .hours(24), template: "reminder-day-before"),
                Reminder(id: "closing", lead: .hours(2), anchor: .close, template: "reminder-closing"),
            ],
            escalation: [
                EscalationStep(
                    after: .zero, recipients: [.officer], template: "missed-officer", repeatEvery: .hours(4),
                    repeatLimit: 1),
                EscalationStep(after: .days(1), recipients: [.supervisor], template: "missed-supervisor"),
            ])
    }

    static func person(start: String = "2026-11-30", tags: Set<String> = []) -> PersonRecord {
        PersonRecord(caseID: "JX-2026-0042", timeZone: shanghai, supervisionStart: at(start), tags: tags)
    }
}

extension [Action] {
    /// `name id-suffix` of each action, for compact expectations.
    var names: [String] { map(\.name) }

    func named(_ name: String) -> [Action] { filter { $0.name == name } }
}
