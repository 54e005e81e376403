import CCSDTime
import CCSDZoneInfo
import Testing

/// Compares parsing, normalization and ten elapses per expression with `systemd-analyze calendar`.
///
/// Skipped where `systemd-analyze` is not installed (containers, macOS): the other tests still pin the semantics.
@Suite(.enabled(if: SystemdAnalyze.isAvailable, "systemd-analyze is not on PATH; differential tests skipped"))
struct DifferentialTests {
    static let database = ZoneDatabase()

    /// Base times around DST changes of the zones under test, month ends and leap days.
    static let baseTimes = [
        "2026-03-28 12:00:00 UTC", "2026-10-24 12:00:00 UTC", "2026-03-07 12:00:00 UTC",
        "2026-10-31 12:00:00 UTC", "2026-04-04 12:00:00 UTC", "2026-10-03 12:00:00 UTC",
        "2026-09-26 12:00:00 UTC", "2026-01-31 22:30:00 UTC", "2028-02-28 23:59:59 UTC",
        "2026-12-31 23:00:00 UTC", "2021-03-20 12:00:00 UTC", "2021-09-20 12:00:00 UTC",
        "2018-11-03 12:00:00 UTC", "2019-02-16 12:00:00 UTC", "2026-10-25 00:30:00 UTC",
        "2026-10-25 01:15:00 UTC", "2026-11-01 05:30:00 UTC", "2026-06-15 08:00:00 UTC",
    ]

    static let curated = [
        "Mon *-*-* 09:00", "*-*~03", "mon..fri 10:00 Europe/Berlin", "*:0/15", "*-*-* *:00/15:00", "daily",
        "weekly utc", "Mon-Wed,Fri", "Mon,", "Sat..Mon", "*-*-1,30", "@1700000000", "12:13:14.5", "*:*:0.000001",
        "*-*-* 01..10/3:00", "03-05", "99-1-1", "*-*~7/2", "*-*~1..7/2", "1:2:3.1234567", "quarterly", "bi-annually",
        "minutely Asia/Tehran", "*:*:0..30", "5..5:00", "*-*-* 0,5/7:00", "*:0,40/25", "*:*:0,50.5/5", "@ 5", "@-5",
        "Mon-Wed-Fri", "*-*~*", "Mon 12-25", "*:*:59/1", "*:*:58.5/1", "*-02-29", "*-*-31 12:00", "10:00 UTC",
        "Mon..Fry 10:00", "*-*-* 02:30 Europe/Berlin", "*-*-* 02:30:00 America/New_York", "*-*-* 01:30 Europe/Berlin",
        "*-*-* 02:00 Europe/Berlin", "*-*-* 02:59:59 Europe/Berlin", "*-*-* 01:30 America/New_York",
        "*-*-* 02:30 Australia/Sydney", "*-*-* 00:00 America/Sao_Paulo", "*-*-* 00:30 America/Sao_Paulo",
        "*-*-* 23:30 America/Sao_Paulo", "*-*-* 02:45 Pacific/Chatham", "*-*-* 03:00 Pacific/Chatham",
        "*-*-* 00:00 Asia/Tehran", "*-*-* 23:30 Asia/Tehran", "*:30 Europe/Berlin", "*:*:30 America/New_York",
        "hourly Australia/Sydney", "*-*~01 02:30 Europe/Berlin", "*-*~01..07/2 03:00 Australia/Sydney",
        "Sun *-*-* 02:30 Europe/Berlin", "Sun *-*-* 02:30 America/New_York", "Sun..Sat 02:15 Europe/Berlin",
        "*-*-* 0/2:30 Europe/Berlin", "*-*-* *:*:* Europe/Berlin", "2026-03-29 02:30 Europe/Berlin",
        "2026-10-25 02:30 Europe/Berlin", "2199-12-31 23:59:59", "2200-01-01", "1969-12-31", "2026-02-30",
        "*-02-30", "*-04-31", "*-*-32", "24:00", "23:60", "*:*:60", "Mon..Fri 18:00 America/New_York",
        "*-*-01 09:00 Europe/Berlin", "Mon *-*-* 09:00:00 Asia/Shanghai", "monthly Europe/Berlin",
        "*-*-* 12:00 Europe/berlin", "*-*-* 12:00 Europe/../UTC", "*-*-* 12:00 /UTC", "*-*-* 12:00 Etc/GMT+5",
        "", " ", "daily ", " daily", "Mon..Tue..Wed", "Mon...Wed", "Mon.Wed", "Wednesday,friday 8:00",
        "Sunday..Monday", "*-*-* 8:00,", "*-*-* 8,:00", "8:00:00.", "8:00:00.9999995", "08:00/0", "*/5:00",
        "2026..2028-01..12/5-1..31/9 0..23/6:0..59/20:0..59/30", "20-1-1", "69-1-1", "70-1-1", "0070-1-1",
        "*-*-*   10:00", "Mon    10:00", "*-*~28", "*-*~29", "*-*~1/2", "*-*~3/2", "*-02~01", "*-02~01..03",
        "*-*-* 10:00 UTC UTC", "daily UTC", "12:00 Utc", "*:*:00.5/0.25", "*:*:1.5..30/2.25",
        "2023..2025-1,5-3..20/4 4,5:6/20:7.25", "Fri *-*-13 13:00", "Mon *-*-1..7 09:00 Europe/Berlin",
        "*-*-* 00:00:00.000001 Europe/Berlin", "Tue..Thu *-*-* 01:59:59.999999 America/New_York",
    ]

    @Test func curatedExpressionsMatchSystemd() throws {
        var cases: [(String, String)] = []
        for (i, expression) in DifferentialTests.curated.enumerated() {
            let bases = DifferentialTests.baseTimes
            for k in 0..<6 { cases.append((expression, bases[(i * 7 + k * 5) % bases.count])) }
        }
        let mismatches = try DifferentialTests.compare(cases)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(40).joined(separator: "\n"))")
    }

    @Test func randomExpressionsMatchSystemd() throws {
        var generator = ExpressionGenerator(seed: 0x0CA1_E4DA_2026)
        var cases: [(String, String)] = []
        for _ in 0..<1500 {
            let expression = generator.expression()
            cases.append((expression, generator.random.pick(DifferentialTests.baseTimes)))
        }
        let mismatches = try DifferentialTests.compare(cases)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(40).joined(separator: "\n"))")
    }

    /// Runs systemd once per base time and returns a line per disagreement.
    static func compare(_ cases: [(expression: String, base: String)]) throws -> [String] {
        var mismatches: [String] = []
        let groups = Dictionary(grouping: cases, by: \.base)
        for base in groups.keys.sorted() {
            let expressions = groups[base]!.map(\.expression)
            let answers = try SystemdAnalyze.calendar(expressions, baseTime: base, iterations: 10)
            let baseSeconds = SystemdAnalyze.parseTimestamp("X " + base)!
            for (expression, expected) in zip(expressions, answers) {
                let ours = oursAnswer(expression, base: Instant(seconds: baseSeconds))
                if ours != expected {
                    mismatches.append(
                        "[\(expression)] base \(base): ours \(describe(ours)) systemd \(describe(expected))")
                }
            }
        }
        return mismatches
    }

    static func oursAnswer(_ expression: String, base: Instant) -> SystemdAnalyze.Answer? {
        guard let spec = try? CalendarSpec.parse(expression, zones: database) else { return nil }
        var elapses: [Int64] = []
        var t = base
        for _ in 0..<10 {
            guard let next = spec.nextElapse(after: t, defaultZone: .utc) else { break }
            elapses.append(next.seconds)
            t = next
        }
        return SystemdAnalyze.Answer(normalized: spec.normalized, elapses: elapses)
    }

    static func describe(_ answer: SystemdAnalyze.Answer?) -> String {
        guard let answer else { return "rejected" }
        let times = answer.elapses.map { t -> String in
            let days = Int(t.floorDiv(86400))
            let sec = Int(t - Int64(days) * 86400)
            return "\(CivilDate(daysSinceEpoch: days)) \(sec / 3600):\(sec / 60 % 60):\(sec % 60)"
        }
        return "\"\(answer.normalized)\" [\(times.joined(separator: ", "))]"
    }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : (self - d + 1) / d }
}
