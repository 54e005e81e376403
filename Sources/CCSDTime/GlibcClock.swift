/// A C `struct tm`: fields may be out of range until normalized.
struct BrokenDownTime: Equatable {
    /// Full year (tm_year + 1900).
    var year: Int
    /// Month, 0 = January (tm_mon).
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    /// -1 unknown, 0 standard time, 1 daylight saving time.
    var isDST: Int

    /// Days since the epoch of the (normalized) date.
    var daysSinceEpoch: Int {
        let monthRemainder = month % 12
        let negative = monthRemainder < 0 ? 1 : 0
        let y = year + month / 12 - negative
        return CivilDate.days(year: y, month: monthRemainder + 12 * negative + 1, day: 1) + day - 1
    }
}

/// glibc's `localtime_r` and `mktime` over a `ZoneRules`, including mktime's remembered offset guess.
///
/// systemd 252 computes calendar elapses with these two functions; which occurrence of a repeated
/// local time mktime returns depends on the offset it used last, so that state is kept here too.
struct GlibcClock {
    let zone: ZoneRules
    /// Seconds east of UTC that mktime tries first (glibc's static `localtime_offset`).
    var offsetGuess = 0

    init(zone: ZoneRules) {
        self.zone = zone
    }

    func localtime(_ t: Int64) -> BrokenDownTime {
        let (offset, isDST) = zone.offsetAndDST(atSecond: t)
        let (days, secOfDay) = (t + Int64(offset)).floorDivMod(86400)
        let (y, m, d) = CivilDate.civil(fromDays: Int(days))
        return BrokenDownTime(
            year: y, month: m - 1, day: d, hour: Int(secOfDay / 3600), minute: Int(secOfDay / 60 % 60),
            second: Int(secOfDay % 60), isDST: isDST ? 1 : 0)
    }

    /// Normalizes `tm` and returns its instant, or nil where glibc returns -1.
    mutating func mktime(_ tm: inout BrokenDownTime) -> Int64? {
        let requestedSecond = tm.second
        let second = min(max(requestedSecond, 0), 59)
        let wall =
            Int64(tm.daysSinceEpoch) * 86400 + Int64(tm.hour) * 3600 + Int64(tm.minute) * 60 + Int64(second)
        let wantDST = tm.isDST
        let t0 = wall - Int64(offsetGuess)
        var t = t0
        var t1 = t0
        var t2 = t0
        var previousDST = 0
        var probes = 6
        var found = false
        var isDST = 0
        while true {
            let (offset, dst) = zone.offsetAndDST(atSecond: t)
            isDST = dst ? 1 : 0
            let dt = wall - (t + Int64(offset))
            if dt == 0 { break }
            if t == t1 && t != t2
                && (wantDST < 0 ? previousDST <= isDST : (wantDST != 0) != (isDST != 0))
            {
                found = true
                break
            }
            probes -= 1
            if probes == 0 { return nil }
            t1 = t2
            t2 = t
            t += dt
            previousDST = isDST
        }
        if !found && GlibcClock.dstDiffers(wantDST, isDST) {
            guard let neighbour = neighbourWithDST(wantDST, near: t, wall: wall) else { return nil }
            t = neighbour
        }
        offsetGuess = Int(wall - t)
        var result = localtime(t)
        if requestedSecond != result.second {
            let leapFix = second == 0 && result.second == 60 ? 1 : 0
            t += Int64(leapFix - second + requestedSecond)
            result = localtime(t)
        }
        tm = result
        return t
    }

    /// glibc's search for a nearby instant with the requested DST flag, extrapolated to `wall`.
    private func neighbourWithDST(_ wantDST: Int, near t: Int64, wall: Int64) -> Int64? {
        let stride: Int64 = 601_200
        let bound: Int64 = 536_454_000 / 2 + stride
        var delta = stride
        while delta < bound {
            for direction: Int64 in [-1, 1] {
                let probe = t + delta * direction
                let (offset, dst) = zone.offsetAndDST(atSecond: probe)
                if !GlibcClock.dstDiffers(wantDST, dst ? 1 : 0) {
                    return probe + (wall - (probe + Int64(offset)))
                }
            }
            delta += stride
        }
        return nil
    }

    static func dstDiffers(_ a: Int, _ b: Int) -> Bool {
        (a == 0) != (b == 0) && a >= 0 && b >= 0
    }
}
