extension ZoneRules {
    /// A stretch of time `[start, end)` (seconds) with one constant offset.
    struct Span {
        var start: Int64
        var end: Int64
        var offset: Int
    }

    /// The constant-offset spans covering `[from, to)` seconds, in order.
    func spans(from: Int64, to: Int64) -> [Span] {
        var result: [Span] = []
        var start = from
        while start < to {
            let end = min(nextTransition(after: start) ?? to, to)
            let offset = offsetAndDST(atSecond: start).offset
            if let last = result.last, last.offset == offset {
                result[result.count - 1].end = end
            } else {
                result.append(Span(start: start, end: end, offset: offset))
            }
            start = end
        }
        return result
    }

    /// The first instant showing `local` on the wall clock; nil if it falls in a gap.
    public func instant(for local: LocalDateTime) -> Instant? {
        let wall = local.wallMicroseconds
        let wallSeconds = wall.floorDivMod(1_000_000).quotient
        for span in spans(from: wallSeconds - 3 * 86400, to: wallSeconds + 3 * 86400) {
            let t = wallSeconds - Int64(span.offset)
            if t >= span.start && t < span.end {
                return Instant(microseconds: wall - Int64(span.offset) * 1_000_000)
            }
        }
        return nil
    }

    /// The first instant whose local date is `date` (later than midnight if midnight is skipped).
    public func startOfDay(_ date: CivilDate) -> Instant {
        let midnight = Int64(date.daysSinceEpoch) * 86400
        for span in spans(from: midnight - 3 * 86400, to: midnight + 4 * 86400) {
            let t = max(span.start, midnight - Int64(span.offset))
            if t < span.end && t + Int64(span.offset) < midnight + 86400 {
                return Instant(seconds: t)
            }
        }
        return Instant(seconds: midnight - Int64(offset(at: Instant(seconds: midnight))))
    }
}
