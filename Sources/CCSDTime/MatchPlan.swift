/// Per-field bit masks of a calendar expression, precomputed at parse time for fast elapse searches.
struct MatchPlan: Sendable, Hashable {
    /// Bit `y - 1970` for every matching year 1970…2199.
    var years: [UInt64] = [UInt64](repeating: ~0, count: 4)
    /// Bit `m` for matching months 1…12.
    var months: UInt16 = 0x1FFE
    /// Bit `d` for matching days 1…31 (not counting from the month's end).
    var days: UInt32 = 0xFFFF_FFFE
    /// For `~` days: the day mask for months of 28, 29, 30 and 31 days.
    var endOfMonthDays: [UInt32] = []
    /// Indexed by the ISO weekday of the 1st minus one: bit `d` when day `d` has a matching weekday.
    var weekdayDays: [UInt32] = [UInt32](repeating: 0xFFFF_FFFE, count: 7)
    var hours: UInt32 = 0xFF_FFFF
    var minutes: UInt64 = (1 << 60) - 1
    /// Bit `s` for matching whole seconds, when every second value is whole.
    var seconds: UInt64 = 1
    var wholeSeconds = true
    /// Whether a field has an open-ended repetition, whose next value may fall past the field's range.
    var hourMayOverflow = false
    var minuteMayOverflow = false
    var secondMayOverflow = false
    var monthMayOverflow = false
    /// The largest day value systemd may try (before `~` resolution); days past a month's end make it renormalize.
    var largestDay = 31

    init() {}

    init(_ spec: CalendarSpec) {
        if let year = spec.year {
            years = [0, 0, 0, 0]
            for y in MatchPlan.values(year, in: 1970...2199) { years[(y - 1970) >> 6] |= 1 << UInt64((y - 1970) & 63) }
        }
        if let month = spec.month {
            months = MatchPlan.values(month, in: 1...12).reduce(0) { $0 | 1 << UInt16($1) }
        }
        if let day = spec.day {
            if spec.endOfMonth {
                endOfMonthDays = (28...31).map { length in
                    day.reduce(UInt32(0)) { mask, c in
                        var start = length - c.start + 1
                        var stop = c.stop >= 0 ? length - c.stop + 1 : -1
                        if stop > 0 { swap(&start, &stop) }
                        let component = CalendarComponent(start: start, stop: stop, repeatInterval: c.repeatInterval)
                        return MatchPlan.values([component], in: 1...length).reduce(mask) { $0 | 1 << UInt32($1) }
                    }
                }
            } else {
                days = MatchPlan.values(day, in: 1...31).reduce(0) { $0 | 1 << UInt32($1) }
            }
        }
        if spec.weekdays != CalendarSpec.allWeekdays {
            for firstWeekday in 0..<7 {
                var mask: UInt32 = 0
                for d in 1...31 where spec.weekdays & (1 << UInt8((firstWeekday + d - 1) % 7)) != 0 {
                    mask |= 1 << UInt32(d)
                }
                weekdayDays[firstWeekday] = mask
            }
        }
        if let hour = spec.hour { hours = MatchPlan.values(hour, in: 0...23).reduce(0) { $0 | 1 << UInt32($1) } }
        if let minute = spec.minute {
            minutes = MatchPlan.values(minute, in: 0...59).reduce(0) { $0 | 1 << UInt64($1) }
        }
        wholeSeconds = spec.second.allSatisfy {
            $0.start % 1_000_000 == 0 && $0.repeatInterval % 1_000_000 == 0 && max($0.stop, 0) % 1_000_000 == 0
        }
        if wholeSeconds {
            let whole = spec.second.map {
                CalendarComponent(
                    start: $0.start / 1_000_000, stop: $0.stop < 0 ? -1 : $0.stop / 1_000_000,
                    repeatInterval: $0.repeatInterval / 1_000_000)
            }
            seconds = MatchPlan.values(whole, in: 0...59).reduce(0) { $0 | 1 << UInt64($1) }
        }
        func open(_ chain: CalendarChain?) -> Bool { chain?.contains { $0.stop < 0 && $0.repeatInterval > 0 } ?? false }
        monthMayOverflow = open(spec.month)
        if let day = spec.day {
            largestDay =
                open(day) ? Int.max : spec.endOfMonth ? 0 : day.map { max($0.start, $0.stop) }.max() ?? 31
        }
        hourMayOverflow = open(spec.hour)
        minuteMayOverflow = open(spec.minute)
        secondMayOverflow = open(spec.second)
    }

    /// Every value of `chain` within `range`.
    static func values(_ chain: CalendarChain, in range: ClosedRange<Int>) -> [Int] {
        chain.flatMap { $0.values(in: range, start: $0.start, stop: $0.stop) }
    }

    /// The first matching year at or after `year`, if any up to 2199.
    func nextYear(atLeast year: Int) -> Int? {
        var y = max(year, 1970)
        while y <= 2199 {
            let word = years[(y - 1970) >> 6] >> UInt64((y - 1970) & 63)
            if word != 0 { return y + word.trailingZeroBitCount }
            y = ((y - 1970) | 63) + 1 + 1970
        }
        return nil
    }
}
