import CCSDTime
import CCSDZoneInfo
import Testing

/// Dates, TZif zones and their POSIX footers.
struct ZoneRulesTests {
    static let zones = ZoneDatabase()

    @Test func civilDateMath() {
        #expect(CivilDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CivilDate(year: 2026, month: 3, day: 29)!.weekday == 7)
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2028, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29)!.adding(days: 1).description == "2000-03-01")
        #expect(CivilDate(daysSinceEpoch: -1).description == "1969-12-31")
        #expect(CivilDate.parse("2026-03-29")?.daysSinceEpoch == 20541)
        #expect(CivilDate.parse("2026-3-29") == nil)
        for days in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test func berlinOffsetsAndAbbreviations() throws {
        let berlin = try #require(ZoneRulesTests.zones.zone(named: "Europe/Berlin"))
        let summer = ElapseTests.utc("2026-07-01 12:00:00")
        #expect(berlin.offset(at: summer) == 7200)
        #expect(berlin.abbreviation(at: summer) == "CEST")
        #expect(berlin.abbreviation(at: ElapseTests.utc("2026-01-01 12:00:00")) == "CET")
        #expect(berlin.localDateTime(at: summer).description == "2026-07-01 14:00:00")
    }

    @Test func footerRuleGovernsYear2100() throws {
        let newYork = try #require(ZoneRulesTests.zones.zone(named: "America/New_York"))
        #expect(newYork.offset(at: ElapseTests.utc("2100-07-01 12:00:00")) == -4 * 3600)
        #expect(newYork.offset(at: ElapseTests.utc("2100-01-01 12:00:00")) == -5 * 3600)
        // 2100-03-14 is the second Sunday of March: 02:00 EST jumps to 03:00 EDT.
        #expect(newYork.offset(at: ElapseTests.utc("2100-03-14 06:59:59")) == -5 * 3600)
        #expect(newYork.offset(at: ElapseTests.utc("2100-03-14 07:00:00")) == -4 * 3600)
    }

    @Test func gapsFoldsAndStartOfDay() throws {
        let berlin = try #require(ZoneRulesTests.zones.zone(named: "Europe/Berlin"))
        let day = CivilDate(year: 2026, month: 3, day: 29)!
        #expect(berlin.instant(for: LocalDateTime(date: day, hour: 2, minute: 30)) == nil)
        let fold = LocalDateTime(date: CivilDate(year: 2026, month: 10, day: 25)!, hour: 2, minute: 30)
        #expect(berlin.instant(for: fold) == ElapseTests.utc("2026-10-25 00:30:00"))
        #expect(berlin.startOfDay(day) == ElapseTests.utc("2026-03-28 23:00:00"))
        let saoPaulo = try #require(ZoneRulesTests.zones.zone(named: "America/Sao_Paulo"))
        // Midnight did not exist on 2018-11-04 in São Paulo: the day began at 01:00 -02.
        #expect(
            saoPaulo.startOfDay(CivilDate(year: 2018, month: 11, day: 4)!) == ElapseTests.utc("2018-11-04 03:00:00"))
    }

    @Test func databaseValidatesNames() {
        #expect(ZoneRulesTests.zones.zone(named: "../etc/passwd") == nil)
        #expect(ZoneRulesTests.zones.zone(named: "/etc/localtime") == nil)
        #expect(ZoneRulesTests.zones.zone(named: "Europe//Berlin") == nil)
        #expect(ZoneRulesTests.zones.zone(named: "zone.tab") == nil)
        #expect(ZoneRulesTests.zones.zone(named: "UTC") != nil)
        #expect(ZoneRules(identifier: "CST-8", posixRule: "CST-8")?.offset(at: Instant(seconds: 0)) == 8 * 3600)
    }

    @Test func rejectsGarbage() {
        #expect(throws: ZoneRulesError.self) { try ZoneRules(identifier: "x", tzif: Array("not tzif".utf8)) }
    }
}
