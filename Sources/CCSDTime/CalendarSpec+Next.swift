extension CalendarSpec {
    /// First elapse strictly after `instant` (systemd semantics), in `zone` if set, else `defaultZone`.
    ///
    /// Away from UTC offset changes the answer comes from the precomputed masks; within two days of one
    /// (or in systemd's rare carry quirks) it is computed by `referenceNextElapse`, which mirrors systemd.
    public func nextElapse(after instant: Instant, defaultZone: ZoneRules) -> Instant? {
        let zone = utc ? ZoneRules.utc : self.zone ?? defaultZone
        let (micros, overflow) = instant.microseconds.addingReportingOverflow(1)
        guard !overflow else { return nil }
        let baseSeconds = micros.floorDivMod(1_000_000).quotient
        if zone.hasTransition(near: baseSeconds) {
            return referenceNextElapse(after: instant, defaultZone: defaultZone)
        }
        let baseOffset = zone.offsetAndDST(atSecond: baseSeconds).offset
        switch searchWallClock(from: micros + Int64(baseOffset) * 1_000_000) {
        case .never:
            return nil
        case .unsure:
            return referenceNextElapse(after: instant, defaultZone: defaultZone)
        case .found(let wall, let renormalized):
            let wallSeconds = wall.floorDivMod(1_000_000).quotient
            let offset = zone.offsetAndDST(atSecond: wallSeconds - Int64(baseOffset)).offset
            let seconds = wallSeconds - Int64(offset)
            // When systemd renormalizes a date past a month's end, it keeps the DST flag of the renormalized
            // time, which misleads mktime if the offset changes in between: leave those searches to the mirror.
            guard seconds >= 0, !zone.hasTransition(near: seconds),
                zone.offsetAndDST(atSecond: seconds).offset == offset,
                !renormalized || (zone.nextTransition(after: baseSeconds - 2 * 86400) ?? .max) > seconds + 2 * 86400
            else { return referenceNextElapse(after: instant, defaultZone: defaultZone) }
            return Instant(microseconds: wall - Int64(offset) * 1_000_000)
        }
    }

    enum WallClockSearch {
        /// A wall-clock time; `renormalized` if systemd's loop would renormalize a date on the way.
        case found(Int64, renormalized: Bool)
        case never
        /// systemd's loop would take a path the masks do not model; ask the reference.
        case unsure
    }

    /// The first matching wall-clock time at or after `wall` (microseconds, as if UTC).
    func searchWallClock(from wall: Int64) -> WallClockSearch {
        let (seconds, micros) = wall.floorDivMod(1_000_000)
        let (startDay, secondOfDay) = seconds.floorDivMod(86400)
        var day = Int(startDay)
        var hour = Int(secondOfDay / 3600)
        var minute = Int(secondOfDay / 60 % 60)
        var micro = Int(secondOfDay % 60) * 1_000_000 + Int(micros)
        var renormalized = false
        for _ in 0..<100_000 {
            let (y, m, d) = CivilDate.civil(fromDays: day)
            guard let year = plan.nextYear(atLeast: y) else { return .never }
            if year != y {
                day = CivilDate.days(year: year, month: 1, day: 1)
                (hour, minute, micro) = (0, 0, 0)
                continue
            }
            let laterMonths = plan.months >> UInt16(m)
            if laterMonths & 1 == 0 {
                if laterMonths == 0 {
                    renormalized = renormalized || plan.monthMayOverflow
                    day = CivilDate.days(year: y + 1, month: 1, day: 1)
                } else {
                    day = CivilDate.days(year: y, month: m + laterMonths.trailingZeroBitCount, day: 1)
                }
                (hour, minute, micro) = (0, 0, 0)
                continue
            }
            let length = CivilDate.daysInMonth(year: y, month: m)
            let first = day - d + 1
            let weekdayOfFirst = CivilDate.weekday(daysSinceEpoch: first)
            var mask = endOfMonth ? plan.endOfMonthDays[length - 28] : plan.days
            mask &= plan.weekdayDays[weekdayOfFirst - 1]
            mask &= (UInt32(2) << UInt32(length)) &- 1
            mask &= ~((UInt32(1) << UInt32(d)) &- 1)
            if mask == 0 {
                if plan.largestDay > length {
                    // Past the month's end systemd renormalizes; into January it even keeps the day (a quirk).
                    if m == 12 { return .unsure }
                    renormalized = true
                }
                day = first + length
                (hour, minute, micro) = (0, 0, 0)
                continue
            }
            let matchDay = mask.trailingZeroBitCount
            if matchDay != d {
                day += matchDay - d
                (hour, minute, micro) = (0, 0, 0)
            }
            switch searchTime(hour: hour, minute: minute, micro: micro) {
            case .found(let timeOfDay, _):
                return .found((Int64(day) * 86400) * 1_000_000 + timeOfDay, renormalized: renormalized)
            case .unsure:
                return .unsure
            case .never:
                day += 1
                (hour, minute, micro) = (0, 0, 0)
            }
        }
        return .unsure
    }

    /// The first matching time of day at or after the given one, as microseconds since midnight.
    private func searchTime(hour startHour: Int, minute startMinute: Int, micro startMicro: Int) -> WallClockSearch {
        var (hour, minute, micro) = (startHour, startMinute, startMicro)
        while hour < 24 {
            let hours = plan.hours >> UInt32(hour)
            if hours == 0 {
                return carries(hour, chain: self.hour, limit: 24, possible: plan.hourMayOverflow) ? .unsure : .never
            }
            if hours & 1 == 0 { (hour, minute, micro) = (hour + hours.trailingZeroBitCount, 0, 0) }
            let minutes = minute < 60 ? plan.minutes >> UInt64(minute) : 0
            if minutes == 0 {
                if carries(minute, chain: self.minute, limit: 60, possible: plan.minuteMayOverflow) { return .unsure }
                (hour, minute, micro) = (hour + 1, 0, 0)
                continue
            }
            if minutes & 1 == 0 { (minute, micro) = (minute + minutes.trailingZeroBitCount, 0) }
            if let second = nextMicrosecond(atLeast: micro) {
                return .found(Int64(hour * 3600 + minute * 60) * 1_000_000 + Int64(second), renormalized: false)
            }
            if carries(micro, chain: self.second, limit: 60_000_000, possible: plan.secondMayOverflow) {
                return .unsure
            }
            (minute, micro) = (minute + 1, 0)
            if minute == 60 { (hour, minute) = (hour + 1, 0) }
        }
        return .never
    }

    /// The first matching second (in microseconds) of a minute at or after `micro`.
    @inline(__always)
    private func nextMicrosecond(atLeast micro: Int) -> Int? {
        if plan.wholeSeconds {
            let second = (micro + 999_999) / 1_000_000
            guard second < 60 else { return nil }
            let seconds = plan.seconds >> UInt64(second)
            return seconds == 0 ? nil : (second + seconds.trailingZeroBitCount) * 1_000_000
        }
        var value = micro
        guard CalendarSpec.findMatching(self.second, &value) >= 0, value < 60_000_000 else { return nil }
        return value
    }

    /// Whether systemd would carry an out-of-range value with a remainder into the next unit (its quirk).
    private func carries(_ value: Int, chain: CalendarChain?, limit: Int, possible: Bool) -> Bool {
        guard possible else { return false }
        var next = value
        return CalendarSpec.findMatching(chain, &next) >= 0 && next != limit
    }
}

extension ZoneRules {
    /// Whether the offset may change within two days of `t` (seconds).
    @inline(__always)
    func hasTransition(near t: Int64) -> Bool {
        guard let next = nextTransition(after: t - 2 * 86400) else { return false }
        return next <= t + 2 * 86400
    }
}
