/// A wall-clock date and time with no time zone, to the microsecond.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: CivilDate
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var microsecond: Int

    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// Microseconds since 1970-01-01 00:00:00 of the same wall clock (as if it were UTC).
    public var wallMicroseconds: Int64 {
        let seconds = Int64(date.daysSinceEpoch) * 86400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1_000_000 + Int64(microsecond)
    }

    /// The wall clock `wallMicroseconds` after 1970-01-01 00:00:00.
    public init(wallMicroseconds: Int64) {
        let (seconds, micros) = wallMicroseconds.floorDivMod(1_000_000)
        let (days, secOfDay) = seconds.floorDivMod(86400)
        date = CivilDate(daysSinceEpoch: Int(days))
        hour = Int(secOfDay / 3600)
        minute = Int(secOfDay / 60 % 60)
        second = Int(secOfDay % 60)
        microsecond = Int(micros)
    }

    /// `2026-03-29 02:30:00` (with `.ffffff` when microseconds are set).
    public var description: String {
        var text = "\(date) \(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2)):\(CivilDate.pad(second, 2))"
        if microsecond != 0 { text += "." + CivilDate.pad(microsecond, 6) }
        return text
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.wallMicroseconds < rhs.wallMicroseconds
    }
}

extension Int64 {
    /// Floor division and the matching non-negative remainder.
    @inlinable
    func floorDivMod(_ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let q = self / divisor
        let r = self % divisor
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}
