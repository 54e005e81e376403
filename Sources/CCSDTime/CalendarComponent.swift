/// One element of a calendar field chain: `start`, `start..stop`, `start/repeat` or `start..stop/repeat`.
///
/// Values are plain numbers, except for the seconds field, which is in microseconds.
struct CalendarComponent: Sendable, Hashable, Comparable {
    var start: Int
    /// Last value of a range, or -1.
    var stop: Int = -1
    /// Step, or 0 for none.
    var repeatInterval: Int = 0

    static func < (lhs: CalendarComponent, rhs: CalendarComponent) -> Bool {
        (lhs.start, lhs.stop, lhs.repeatInterval) < (rhs.start, rhs.stop, rhs.repeatInterval)
    }

    /// The smallest value of this component that is `>= value`, possibly past the field's range.
    @inline(__always)
    func next(atLeast value: Int, start: Int, stop: Int) -> Int? {
        if start >= value { return start }
        guard repeatInterval > 0 else { return nil }
        let steps = (value - start + repeatInterval - 1) / repeatInterval
        let k = start + repeatInterval * steps
        return stop < 0 || k <= stop ? k : nil
    }

    /// Every value of this component within `range`.
    func values(in range: ClosedRange<Int>, start: Int, stop: Int) -> [Int] {
        guard repeatInterval > 0 else { return range.contains(start) ? [start] : [] }
        let last = stop >= 0 ? min(stop, range.upperBound) : range.upperBound
        guard start <= last else { return [] }
        return stride(from: start, through: last, by: repeatInterval).filter { range.contains($0) }
    }
}

/// A field's chain: nil means `*` (any value).
typealias CalendarChain = [CalendarComponent]

enum ChainRules {
    /// Sorts, drops duplicates and trims ranges the way systemd normalizes a chain.
    static func normalize(_ chain: CalendarChain?) -> CalendarChain? {
        guard var chain else { return nil }
        for i in chain.indices {
            var c = chain[i]
            if c.stop > c.start && c.repeatInterval > 0 {
                c.stop -= (c.stop - c.start) % c.repeatInterval
            }
            if (c.stop > c.start && c.stop - c.start < c.repeatInterval) || c.start == c.stop {
                c.repeatInterval = 0
                c.stop = -1
            }
            chain[i] = c
        }
        chain.sort()
        var unique: CalendarChain = []
        for c in chain where unique.last != c { unique.append(c) }
        return unique
    }

    /// Whether every component fits `from...to` and can repeat at least once (systemd's rules).
    static func firstInvalid(_ chain: CalendarChain?, from: Int, to: Int, endOfMonth: Bool) -> CalendarComponent? {
        guard let chain else { return nil }
        let to = endOfMonth ? to - 3 : to
        for c in chain {
            if c.start < from || c.start > to || c.repeatInterval > to - from { return c }
            if c.stop >= 0 {
                if c.stop < from || c.stop > to || c.start + c.repeatInterval > c.stop { return c }
            } else if endOfMonth ? c.start - c.repeatInterval < from : c.start + c.repeatInterval > to {
                return c
            }
        }
        return nil
    }

    /// systemd's textual form of a chain (`*`, `01,15`, `00/15`, `05..10`, `12.500000`).
    static func format(_ chain: CalendarChain?, width: Int, microseconds: Bool) -> String {
        guard let chain else { return "*" }
        let d = microseconds ? 1_000_000 : 1
        if microseconds, chain.count == 1, chain[0].start == 0, chain[0].stop < 0, chain[0].repeatInterval == d {
            return "*"
        }
        return chain.map { c in
            var text = CivilDate.pad(c.start / d, width)
            if c.start % d > 0 { text += "." + CivilDate.pad(c.start % d, 6) }
            if c.stop > 0 { text += ".." + CivilDate.pad(c.stop / d, width) }
            if c.stop > 0 && c.stop % d > 0 { text += "." + CivilDate.pad(c.stop % d, 6) }
            if c.repeatInterval > 0 && !(c.stop > 0 && c.repeatInterval == d) { text += "/\(c.repeatInterval / d)" }
            if c.repeatInterval % d > 0 { text += "." + CivilDate.pad(c.repeatInterval % d, 6) }
            return text
        }.joined(separator: ",")
    }
}
