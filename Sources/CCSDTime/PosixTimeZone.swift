/// A POSIX `TZ` rule string such as `CET-1CEST,M3.5.0,M10.5.0/3`, evaluated the way glibc does.
///
/// TZif files end with such a string; it governs every instant after the file's last transition.
struct PosixTimeZone: Sendable, Hashable {
    /// When a DST boundary happens within a year.
    enum DateRule: Sendable, Hashable {
        /// `Jn`: day 1…365, February 29 never counted.
        case julianNoLeap(Int)
        /// `n`: day 0…365, February 29 counted.
        case julianZero(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    /// A boundary: a day and a local time of day (seconds, may be negative or above a day).
    struct Boundary: Sendable, Hashable {
        var date: DateRule
        var time: Int
    }

    var standardName: String
    /// Seconds east of UTC.
    var standardOffset: Int
    var daylightName: String?
    var daylightOffset: Int
    var start: Boundary?
    var end: Boundary?

    var hasDaylightTime: Bool { daylightName != nil && start != nil && end != nil }

    /// The offset east of UTC and whether DST is in effect at `t` (seconds since the epoch).
    func offset(at t: Int64) -> (offset: Int, isDST: Bool) {
        guard hasDaylightTime, let start, let end else { return (standardOffset, false) }
        let year = PosixTimeZone.utcYear(of: t)
        let dstStart = PosixTimeZone.changeTime(start, year: year, offset: standardOffset)
        let dstEnd = PosixTimeZone.changeTime(end, year: year, offset: daylightOffset)
        let isDST = dstStart > dstEnd ? (t < dstEnd || t >= dstStart) : (t >= dstStart && t < dstEnd)
        return isDST ? (daylightOffset, true) : (standardOffset, false)
    }

    /// The first instant after `t` at which the offset may change (conservative: year starts count too).
    func nextChange(after t: Int64) -> Int64? {
        guard hasDaylightTime, let start, let end else { return nil }
        let year = PosixTimeZone.utcYear(of: t)
        var best = Int64(CivilDate.days(year: year + 1, month: 1, day: 1)) * 86400
        for y in year...(year + 1) {
            for change in [
                PosixTimeZone.changeTime(start, year: y, offset: standardOffset),
                PosixTimeZone.changeTime(end, year: y, offset: daylightOffset),
            ] where change > t && change < best {
                best = change
            }
        }
        return best
    }

    static func utcYear(of t: Int64) -> Int {
        let (days, _) = t.floorDivMod(86400)
        return CivilDate.civil(fromDays: Int(days)).year
    }

    /// The UTC instant of a boundary in `year`, given the offset in effect just before it.
    static func changeTime(_ boundary: Boundary, year: Int, offset: Int) -> Int64 {
        let jan1 = CivilDate.days(year: year, month: 1, day: 1)
        var day: Int
        switch boundary.date {
        case .julianNoLeap(let n):
            day = jan1 + n - 1
            if n >= 60 && CivilDate.isLeapYear(year) { day += 1 }
        case .julianZero(let n):
            day = jan1 + n
        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilDate.days(year: year, month: month, day: 1)
            let firstWeekday = CivilDate.weekday(daysSinceEpoch: first) % 7  // 0 = Sunday
            var d = weekday - firstWeekday
            if d < 0 { d += 7 }
            let length = CivilDate.daysInMonth(year: year, month: month)
            var w = 1
            while w < week && d + 7 < length {
                d += 7
                w += 1
            }
            day = first + d
        }
        return Int64(day) * 86400 + Int64(boundary.time) - Int64(offset)
    }
}
