import CCSDTime
import CCSDZoneInfo
import Testing

/// Parsing, normalization and errors of calendar expressions (systemd 252's answers, pinned).
struct CalendarSpecTests {
    static let zones = ZoneDatabase()

    @Test(arguments: [
        ("Mon *-*-* 09:00", "Mon *-*-* 09:00:00"),
        ("*-*~03", "*-*~03 00:00:00"),
        ("mon..fri 10:00 Europe/Berlin", "Mon..Fri *-*-* 10:00:00 Europe/Berlin"),
        ("*:0/15", "*-*-* *:00/15:00"),
        ("daily", "*-*-* 00:00:00"),
        ("weekly utc", "Mon *-*-* 00:00:00 UTC"),
        ("quarterly", "*-01,04,07,10-01 00:00:00"),
        ("semi-annually", "*-01,07-01 00:00:00"),
        ("minutely Asia/Tehran", "*-*-* *:*:00 Asia/Tehran"),
        ("Mon-Wed,Fri", "Mon..Wed,Fri *-*-* 00:00:00"),
        ("Mon..Tue", "Mon,Tue *-*-* 00:00:00"),
        ("@1700000000", "2023-11-14 22:13:20 UTC"),
        ("12:13:14.5", "*-*-* 12:13:14.500000"),
        ("1:2:3.1234567", "*-*-* 01:02:03.123457"),
        ("99-1-1", "1999-01-01 00:00:00"),
        ("*-*~1..7/2", "*-*~01..07/2 00:00:00"),
        ("2023..2025-1,5-3..20/4 4,5:6/20:7.25", "2023..2025-01,05-03..19/4 04,05:06/20:07.250000"),
        ("*:*:1.5..30/2.25", "*-*-* *:*:01.500000..28.500000/2.250000"),
        ("5..5:00", "*-*-* 05:00:00"),
        ("*-*~*", "*-*-* 00:00:00"),
    ])
    func normalizesLikeSystemd(_ input: String, _ expected: String) throws {
        let spec = try CalendarSpec.parse(input, zones: CalendarSpecTests.zones)
        #expect(spec.normalized == expected)
        #expect(spec.description == expected)
    }

    @Test(arguments: [
        ("Mon..Fry 10:00", "Fry"), ("Sat..Mon", "Sat..Mon"), ("*-*-32", "32"), ("24:00", "24"),
        ("*:*:59/1", "59/1"), ("*:*:5.x", "5.x"), ("*:*:31..31", "31..31"), ("2200-01-01", "2200"), ("daily ", "daily"),
        ("*/5:00", "/5"), ("", ""),
    ])
    func rejectsWithTheOffendingPart(_ input: String, _ offending: String) {
        #expect(throws: CalendarError.self) { try CalendarSpec.parse(input, zones: CalendarSpecTests.zones) }
        do {
            _ = try CalendarSpec.parse(input, zones: CalendarSpecTests.zones)
        } catch {
            #expect(error.offending == offending, "\(error)")
            #expect(error.description.hasPrefix("invalid calendar expression \"\(input)\""))
        }
    }

    @Test func errorDescriptionNamesTheWeekday() {
        let error = #expect(throws: CalendarError.self) {
            try CalendarSpec.parse("Mon..Fry 10:00", zones: CalendarSpecTests.zones)
        }
        #expect(error?.description == "invalid calendar expression \"Mon..Fry 10:00\": \"Fry\" is not a weekday")
    }

    @Test func zonesAreRecognizedOnlyWhenKnown() throws {
        let berlin = try CalendarSpec.parse("*-*-* 10:00 Europe/Berlin", zones: CalendarSpecTests.zones)
        #expect(berlin.zone?.identifier == "Europe/Berlin")
        #expect(try CalendarSpec.parse("10:00 utc", zones: CalendarSpecTests.zones).zone == .utc)
        #expect(try CalendarSpec.parse("10:00", zones: CalendarSpecTests.zones).zone == nil)
        #expect(throws: CalendarError.self) {
            try CalendarSpec.parse("10:00 Europe/../UTC", zones: CalendarSpecTests.zones)
        }
        #expect(throws: CalendarError.self) {
            try CalendarSpec.parse("10:00 Mars/Olympus", zones: CalendarSpecTests.zones)
        }
    }
}
