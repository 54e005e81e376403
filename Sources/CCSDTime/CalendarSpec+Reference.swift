extension CalendarSpec {
    /// The next elapse computed step by step the way systemd 252 does it (slow, exact in every DST corner).
    ///
    /// `nextElapse` answers from precomputed masks and falls back to this near offset changes.
    public func referenceNextElapse(after instant: Instant, defaultZone: ZoneRules) -> Instant? {
        var clock = GlibcClock(zone: effectiveZone(default: defaultZone))
        let (seconds, micros) = (instant.microseconds + 1).floorDivMod(1_000_000)
        var tm = clock.localtime(seconds)
        var usec = Int(micros)
        guard findNext(&tm, &usec, clock: &clock), let t = clock.mktime(&tm), t >= 0 else { return nil }
        return Instant(microseconds: t * 1_000_000 + Int64(usec))
    }

    /// systemd's find_next(): walks the fields from year down to microseconds, renormalizing as it goes.
    private func findNext(_ tm: inout BrokenDownTime, _ usec: inout Int, clock: inout GlibcClock) -> Bool {
        var c = tm
        var micro = usec
        func resetBelowDay() { (c.hour, c.minute, c.second, micro) = (0, 0, 0, 0) }
        for _ in 0..<1_000_000 {
            _ = clock.mktime(&c)
            c.isDST = -1

            var value = c.year
            var r = CalendarSpec.findMatching(year, &value)
            c.year = value
            if r > 0 {
                (c.month, c.day) = (0, 1)
                resetBelowDay()
            }
            if r < 0 || withinBounds(&c, clock: &clock) <= 0 { return false }

            value = c.month + 1
            r = CalendarSpec.findMatching(month, &value)
            c.month = value - 1
            if r > 0 {
                c.day = 1
                resetBelowDay()
            }
            if r >= 0 { r = withinBounds(&c, clock: &clock) }
            if r < 0 {
                (c.year, c.month, c.day) = (c.year + 1, 0, 1)
                resetBelowDay()
                continue
            }
            if r == 0 { continue }

            value = c.day
            r = findMatchingDay(&value, c, clock: &clock)
            c.day = value
            if r > 0 { resetBelowDay() }
            if r >= 0 { r = withinBounds(&c, clock: &clock) }
            if r < 0 {
                (c.month, c.day) = (c.month + 1, 1)
                resetBelowDay()
                continue
            }
            if r == 0 { continue }

            if !matchesWeekday(c, clock: &clock) {
                c.day += 1
                resetBelowDay()
                continue
            }

            value = c.hour
            r = CalendarSpec.findMatching(hour, &value)
            c.hour = value
            if r > 0 { (c.minute, c.second, micro) = (0, 0, 0) }
            if r >= 0 { r = withinBounds(&c, clock: &clock) }
            if r < 0 {
                c.day += 1
                resetBelowDay()
                continue
            }
            if r == 0 { continue }

            value = c.minute
            r = CalendarSpec.findMatching(minute, &value)
            c.minute = value
            if r > 0 { (c.second, micro) = (0, 0) }
            if r >= 0 { r = withinBounds(&c, clock: &clock) }
            if r < 0 {
                (c.hour, c.minute, c.second, micro) = (c.hour + 1, 0, 0, 0)
                continue
            }
            if r == 0 { continue }

            value = c.second * 1_000_000 + micro
            r = CalendarSpec.findMatching(second, &value)
            micro = value % 1_000_000
            c.second = value / 1_000_000
            if r >= 0 { r = withinBounds(&c, clock: &clock) }
            if r < 0 {
                (c.minute, c.second, micro) = (c.minute + 1, 0, 0)
                continue
            }
            if r == 0 { continue }

            tm = c
            usec = micro
            return true
        }
        return false
    }

    /// find_matching_component(): -1 no match, 0 `value` matches, 1 `value` moved to the next match.
    static func findMatching(_ chain: CalendarChain?, _ value: inout Int) -> Int {
        guard let chain else { return 0 }
        var best: Int?
        for c in chain {
            if let k = c.next(atLeast: value, start: c.start, stop: c.stop), best.map({ k < $0 }) ?? true {
                best = k
            }
        }
        guard let best else { return -1 }
        defer { value = best }
        return best != value ? 1 : 0
    }

    /// find_matching_component() for days, resolving `~` days against the month of `tm` via mktime.
    private func findMatchingDay(_ value: inout Int, _ tm: BrokenDownTime, clock: inout GlibcClock) -> Int {
        guard endOfMonth, let day else { return CalendarSpec.findMatching(self.day, &value) }
        var best: Int?
        for c in day {
            var start = endOfMonthDay(c.start, tm, clock: &clock)
            var stop = endOfMonthDay(c.stop, tm, clock: &clock)
            if stop > 0 { swap(&start, &stop) }
            if let k = c.next(atLeast: value, start: start, stop: stop), best.map({ k < $0 }) ?? true {
                best = k
            }
        }
        guard let best else { return -1 }
        defer { value = best }
        return best != value ? 1 : 0
    }

    /// find_end_of_month(): the day that is `day - 1` days before the end of `tm`'s month, or -1.
    private func endOfMonthDay(_ day: Int, _ tm: BrokenDownTime, clock: inout GlibcClock) -> Int {
        var t = tm
        t.month += 1
        t.day = 1 - day
        guard let seconds = clock.mktime(&t), seconds >= 0, t.month == tm.month else { return -1 }
        return t.day
    }

    private func matchesWeekday(_ tm: BrokenDownTime, clock: inout GlibcClock) -> Bool {
        if weekdays == CalendarSpec.allWeekdays { return true }
        var t = tm
        guard let seconds = clock.mktime(&t), seconds >= 0 else { return false }
        let bit = CivilDate.weekday(daysSinceEpoch: t.daysSinceEpoch) - 1
        return weekdays & (1 << bit) != 0
    }

    /// tm_within_bounds(): 1 if `tm` is already normal, 0 if it was moved forward, -1 if out of range or backward.
    private func withinBounds(_ tm: inout BrokenDownTime, clock: inout GlibcClock) -> Int {
        if tm.year > 2199 { return -1 }
        var t = tm
        guard let seconds = clock.mktime(&t), seconds >= 0 else { return -1 }
        var order: Int
        if t.year != tm.year {
            order = t.year < tm.year ? -1 : 1
            t.month = 0
        } else if t.month != tm.month {
            order = t.month < tm.month ? -1 : 1
            t.day = 1
        } else if t.day != tm.day {
            order = t.day < tm.day ? -1 : 1
            t.hour = 0
        } else if t.hour != tm.hour {
            order = t.hour < tm.hour ? -1 : 1
            t.minute = 0
        } else if t.minute != tm.minute {
            order = t.minute < tm.minute ? -1 : 1
            t.second = 0
        } else {
            order = t.second == tm.second ? 0 : t.second < tm.second ? -1 : 1
        }
        if order < 0 { return -1 }
        if order > 0 {
            tm = t
            return 0
        }
        return 1
    }
}
