/// A systemd `OnCalendar=` expression (systemd.time(7)), parsed and normalized like systemd 252.
///
/// `CalendarSpec.parse("Mon..Fri 10:00 Europe/Berlin", zones: db).normalized` is
/// `Mon..Fri *-*-* 10:00:00 Europe/Berlin`, byte for byte what `systemd-analyze calendar` prints.
public struct CalendarSpec: Sendable, Hashable, CustomStringConvertible {
    /// Weekday bits, bit 0 = Monday … bit 6 = Sunday; all seven set means any weekday.
    var weekdays: UInt8 = CalendarSpec.allWeekdays
    var year: CalendarChain?
    var month: CalendarChain?
    var day: CalendarChain?
    var hour: CalendarChain?
    var minute: CalendarChain?
    /// Seconds, in microseconds; never nil (`*` is `0/1` second).
    var second: CalendarChain = [CalendarComponent(start: 0)]
    /// Whether `day` counts from the end of the month (`~`).
    var endOfMonth = false
    /// Whether the expression is in UTC (`… UTC` or `@epoch`).
    var utc = false
    /// The zone name as written, when one was given.
    var timezoneName: String?
    /// The explicit time zone: nil means the caller's default zone; UTC expressions give `.utc`.
    public internal(set) var zone: ZoneRules?
    /// Field masks precomputed for `nextElapse`.
    var plan = MatchPlan()

    static let allWeekdays: UInt8 = 0x7F

    /// Parses `text`, taking a trailing word as a time zone when `zones` knows it.
    public static func parse(_ text: String, zones: some ZoneProvider) throws(CalendarError) -> CalendarSpec {
        var parser = CalendarParser(expression: text)
        var spec = try parser.parse(zones: zones)
        try spec.normalizeAndValidate(expression: text)
        spec.plan = MatchPlan(spec)
        return spec
    }

    /// The normalized form, exactly as `systemd-analyze calendar` prints it.
    public var normalized: String {
        var text = ""
        if weekdays != 0 && weekdays != CalendarSpec.allWeekdays {
            text = CalendarSpec.formatWeekdays(weekdays) + " "
        }
        text += ChainRules.format(year, width: 4, microseconds: false) + "-"
        text += ChainRules.format(month, width: 2, microseconds: false) + (endOfMonth ? "~" : "-")
        text += ChainRules.format(day, width: 2, microseconds: false) + " "
        text += ChainRules.format(hour, width: 2, microseconds: false) + ":"
        text += ChainRules.format(minute, width: 2, microseconds: false) + ":"
        text += ChainRules.format(second, width: 2, microseconds: true)
        if utc {
            text += " UTC"
        } else if let timezoneName {
            text += " " + timezoneName
        }
        return text
    }

    public var description: String { normalized }

    /// The zone the expression is evaluated in: its own, else `defaultZone`.
    public func effectiveZone(default defaultZone: ZoneRules) -> ZoneRules {
        utc ? .utc : zone ?? defaultZone
    }

    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `Mon..Wed,Fri`: runs of three or more days become ranges.
    static func formatWeekdays(_ bits: UInt8) -> String {
        var parts: [String] = []
        var day = 0
        while day < 7 {
            guard bits & (1 << day) != 0 else {
                day += 1
                continue
            }
            var end = day
            while end + 1 < 7 && bits & (1 << (end + 1)) != 0 { end += 1 }
            switch end - day {
            case 0: parts.append(weekdayNames[day])
            case 1: parts.append(weekdayNames[day] + "," + weekdayNames[end])
            default: parts.append(weekdayNames[day] + ".." + weekdayNames[end])
            }
            day = end + 1
        }
        return parts.joined(separator: ",")
    }
}

extension CalendarSpec {
    /// Applies systemd's normalization (two-digit years, sorted chains) and its validity rules.
    mutating func normalizeAndValidate(expression: String) throws(CalendarError) {
        if weekdays == 0 { weekdays = CalendarSpec.allWeekdays }
        if endOfMonth && day == nil { endOfMonth = false }
        year = year.map { chain in
            chain.map { c in
                var c = c
                c.start = CalendarSpec.fixYear(c.start)
                c.stop = CalendarSpec.fixYear(c.stop)
                return c
            }
        }
        year = ChainRules.normalize(year)
        month = ChainRules.normalize(month)
        day = ChainRules.normalize(day)
        hour = ChainRules.normalize(hour)
        minute = ChainRules.normalize(minute)
        second = ChainRules.normalize(second) ?? []
        let checks: [(CalendarChain?, ClosedRange<Int>, Bool, String, Bool)] = [
            (year, 1970...2199, false, "year", false),
            (month, 1...12, false, "month", false),
            (day, 1...31, endOfMonth, "day", false),
            (hour, 0...23, false, "hour", false),
            (minute, 0...59, false, "minute", false),
            (second, 0...59_999_999, false, "second", true),
        ]
        for (chain, range, eom, name, micro) in checks {
            if let bad = ChainRules.firstInvalid(chain, from: range.lowerBound, to: range.upperBound, endOfMonth: eom) {
                let text = ChainRules.format([bad], width: 2, microseconds: micro)
                let limit =
                    micro
                    ? "0…59"
                    : eom ? "\(range.lowerBound)…\(range.upperBound - 3)" : "\(range.lowerBound)…\(range.upperBound)"
                throw CalendarError(
                    expression: expression, offending: text,
                    reason: "is not a valid \(name) (values must lie in \(limit) and a repetition must fit)")
            }
        }
    }

    /// Two-digit years: `12` → 2012, `89` → 1989.
    static func fixYear(_ y: Int) -> Int {
        if y >= 0 && y < 70 { return y + 2000 }
        if y >= 70 && y < 100 { return y + 1900 }
        return y
    }
}
