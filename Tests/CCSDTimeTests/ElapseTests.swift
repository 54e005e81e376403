import CCSDTime
import CCSDZoneInfo
import Testing

/// Next elapses across DST gaps and folds, month ends and leap years (systemd 252's answers, pinned).
struct ElapseTests {
    static let zones = ZoneDatabase()

    static func utc(_ text: String) -> Instant {
        let parts = text.split(separator: " ")
        let date = CivilDate.parse(String(parts[0]))!
        let time = parts[1].split(separator: ":").map { Int($0)! }
        return ZoneRules.utc.instant(for: LocalDateTime(date: date, hour: time[0], minute: time[1], second: time[2]))!
    }

    static func elapses(_ expression: String, after base: String, count: Int = 3, zone: ZoneRules = .utc) throws
        -> [Instant]
    {
        let spec = try CalendarSpec.parse(expression, zones: zones)
        var result: [Instant] = []
        var t = utc(base)
        while result.count < count, let next = spec.nextElapse(after: t, defaultZone: zone) {
            result.append(next)
            t = next
        }
        return result
    }

    @Test func berlinSpringGapIsSkipped() throws {
        let got = try ElapseTests.elapses("*-*-* 02:30 Europe/Berlin", after: "2026-03-28 12:00:00")
        #expect(got == ["2026-03-30 00:30:00", "2026-03-31 00:30:00", "2026-04-01 00:30:00"].map(ElapseTests.utc))
    }

    @Test func berlinAutumnFoldFiresOnce() throws {
        let got = try ElapseTests.elapses("*-*-* 02:30 Europe/Berlin", after: "2026-10-24 12:00:00")
        #expect(got == ["2026-10-25 00:30:00", "2026-10-26 01:30:00", "2026-10-27 01:30:00"].map(ElapseTests.utc))
    }

    @Test func foldFiresInSecondOccurrenceWhenStartingThere() throws {
        let got = try ElapseTests.elapses("*-*-* 02:30 Europe/Berlin", after: "2026-10-25 01:15:00", count: 1)
        #expect(got == [ElapseTests.utc("2026-10-25 01:30:00")])
    }

    @Test func newYorkGapAndFold() throws {
        let spring = try ElapseTests.elapses("*-*-* 02:30 America/New_York", after: "2026-03-07 12:00:00", count: 2)
        #expect(spring == ["2026-03-09 06:30:00", "2026-03-10 06:30:00"].map(ElapseTests.utc))
        let fall = try ElapseTests.elapses("*-*-* 01:30 America/New_York", after: "2026-10-31 12:00:00", count: 2)
        #expect(fall == ["2026-11-01 05:30:00", "2026-11-02 06:30:00"].map(ElapseTests.utc))
    }

    @Test func endOfMonthAndLeapYears() throws {
        let last = try ElapseTests.elapses("*-*~01", after: "2028-01-31 12:00:00")
        #expect(last == ["2028-02-29 00:00:00", "2028-03-31 00:00:00", "2028-04-30 00:00:00"].map(ElapseTests.utc))
        let leap = try ElapseTests.elapses("*-02-29", after: "2026-01-01 00:00:00", count: 2)
        #expect(leap == ["2028-02-29 00:00:00", "2032-02-29 00:00:00"].map(ElapseTests.utc))
    }

    @Test func epochAndFractionalSeconds() throws {
        #expect(
            try ElapseTests.elapses("@1700000000", after: "2020-01-01 00:00:00") == [Instant(seconds: 1_700_000_000)])
        #expect(try ElapseTests.elapses("@1700000000", after: "2024-01-01 00:00:00").isEmpty)
        let got = try ElapseTests.elapses("*:*:0.5/20", after: "2026-01-01 00:00:00", count: 2)
        #expect(got.map(\.microseconds) == [1_767_225_600_500_000, 1_767_225_620_500_000])
    }

    @Test func defaultZoneAppliesWithoutAnExplicitOne() throws {
        let shanghai = ElapseTests.zones.zone(named: "Asia/Shanghai")!
        let got = try ElapseTests.elapses("Mon 09:00", after: "2026-02-15 00:00:00", count: 1, zone: shanghai)
        #expect(got == [ElapseTests.utc("2026-02-16 01:00:00")])
    }

    @Test func systemdsDecemberDayCarryIsKept() throws {
        // Day 34 of December renormalizes to January 3rd and systemd keeps the day: January 2nd is skipped.
        let got = try ElapseTests.elapses("*-*-02/8 Asia/Tehran", after: "2024-12-25 20:30:00", count: 1)
        #expect(got == [ElapseTests.utc("2025-01-09 20:30:00")])
    }
}
