/// Reads the text of a calendar expression into an un-normalized `CalendarSpec`, following systemd's grammar.
struct CalendarParser {
    let expression: String
    private var bytes: [UInt8] = []
    private var index = 0

    init(expression: String) {
        self.expression = expression
    }

    private static let maxComponents = 241
    private static let intMax = 2_147_483_647

    mutating func parse(zones: some ZoneProvider) throws(CalendarError) -> CalendarSpec {
        var spec = CalendarSpec()
        spec.weekdays = 0
        var text = Array(expression.utf8)
        let suffix = Array(" utc".utf8)
        if text.count >= suffix.count, zip(text.suffix(suffix.count), suffix).allSatisfy({ $0 | 0x20 == $1 }) {
            spec.utc = true
            spec.zone = .utc
            text.removeLast(suffix.count)
        } else if let space = text.lastIndex(of: 0x20) {
            let name = String(decoding: text[(space + 1)...], as: UTF8.self)
            if !name.isEmpty, let zone = zones.zone(named: name) {
                spec.timezoneName = name
                spec.zone = zone
                text.removeSubrange(space...)
                if name == "UTC" {
                    spec.utc = true
                    spec.timezoneName = nil
                }
            }
        }
        bytes = text
        index = 0
        guard !bytes.isEmpty else { throw fail("", "is empty") }
        if try parseShorthand(into: &spec) { return spec }
        try parseWeekdays(into: &spec)
        let finished = try parseDate(into: &spec)
        if !finished { try parseTime(into: &spec) }
        guard index == bytes.count else { throw fail(token(at: index), "is unexpected here") }
        return spec
    }

    // MARK: - Shorthands

    private func parseShorthand(into spec: inout CalendarSpec) throws(CalendarError) -> Bool {
        let word = String(decoding: bytes.map { $0 | ($0 >= 65 && $0 <= 90 ? 0x20 : 0) }, as: UTF8.self)
        func one(_ v: Int) -> CalendarChain { [CalendarComponent(start: v)] }
        switch word {
        case "minutely":
            break
        case "hourly":
            spec.minute = one(0)
        case "daily":
            (spec.hour, spec.minute) = (one(0), one(0))
        case "monthly":
            (spec.day, spec.hour, spec.minute) = (one(1), one(0), one(0))
        case "annually", "yearly", "anually":
            (spec.month, spec.day, spec.hour, spec.minute) = (one(1), one(1), one(0), one(0))
        case "weekly":
            spec.weekdays = 1
            (spec.hour, spec.minute) = (one(0), one(0))
        case "quarterly":
            spec.month = [1, 4, 7, 10].map { CalendarComponent(start: $0) }
            (spec.day, spec.hour, spec.minute) = (one(1), one(0), one(0))
        case "biannually", "bi-annually", "semiannually", "semi-annually":
            spec.month = [1, 7].map { CalendarComponent(start: $0) }
            (spec.day, spec.hour, spec.minute) = (one(1), one(0), one(0))
        default:
            return false
        }
        spec.second = one(0)
        return true
    }

    // MARK: - Weekdays

    private static let weekdayNames: [(name: [UInt8], number: Int)] = [
        "monday", "mon", "tuesday", "tue", "wednesday", "wed", "thursday", "thu", "friday", "fri", "saturday", "sat",
        "sunday", "sun",
    ].enumerated().map { (Array($0.element.utf8), $0.offset / 2) }

    private mutating func parseWeekdays(into spec: inout CalendarSpec) throws(CalendarError) {
        var rangeStart = -1
        var first = true
        while true {
            let begin = index
            guard let (length, number) = matchWeekday() else {
                if first { return }
                throw fail(token(at: begin), "is not a weekday")
            }
            let after = byte(at: index + length)
            guard [0, 0x2D, 0x2E, 0x2C, 0x20].contains(after) else {
                throw fail(token(at: begin), "is not a weekday")
            }
            spec.weekdays |= 1 << number
            if rangeStart >= 0 {
                guard rangeStart <= number else {
                    let range = String(decoding: bytes[rangeStartIndex..<(index + length)], as: UTF8.self)
                    throw fail(range, "is a backwards weekday range")
                }
                for d in stride(from: rangeStart + 1, to: number, by: 1) { spec.weekdays |= 1 << d }
            }
            index += length
            switch byte(at: index) {
            case 0:
                return
            case 0x20:
                skipSpaces()
                return
            case 0x2E:
                guard rangeStart < 0, byte(at: index + 1) == 0x2E else {
                    throw fail(token(at: begin), "is not a valid weekday range")
                }
                rangeStart = number
                rangeStartIndex = begin
                index += 2
            case 0x2D:
                guard rangeStart < 0 else { throw fail(token(at: begin), "is not a valid weekday range") }
                rangeStart = number
                rangeStartIndex = begin
                index += 1
            case 0x2C:
                rangeStart = -1
                index += 1
            default:
                break
            }
            if byte(at: index) == 0 || byte(at: index) == 0x20 {
                skipSpaces()
                if rangeStart >= 0 { throw fail(token(at: rangeStartIndex), "is an open weekday range") }
                return
            }
            first = false
        }
    }

    private var rangeStartIndex = 0

    private func matchWeekday() -> (length: Int, number: Int)? {
        for (name, number) in CalendarParser.weekdayNames where index + name.count <= bytes.count {
            var matches = true
            for (offset, c) in name.enumerated() where bytes[index + offset] | 0x20 != c {
                matches = false
                break
            }
            if matches { return (name.count, number) }
        }
        return nil
    }

    // MARK: - Date

    /// Parses `[[Y-]M-D]` or `@epoch`; returns true when the expression is complete (`@epoch`).
    private mutating func parseDate(into spec: inout CalendarSpec) throws(CalendarError) -> Bool {
        guard index < bytes.count else { return false }
        if bytes[index] == 0x40 {
            try parseEpoch(into: &spec)
            return true
        }
        let begin = index
        let first = try parseChain(microseconds: false)
        if byte(at: index) == 0 || byte(at: index) == 0x3A {
            index = begin
            return false
        }
        guard let sep1 = dateSeparator() else { throw fail(token(at: index), "is not a date separator") }
        if sep1 == 0x7E { spec.endOfMonth = true }
        let second = try parseChain(microseconds: false)
        if byte(at: index) == 0 || byte(at: index) == 0x20 {
            skipSpaces()
            spec.month = first
            spec.day = second
            return false
        }
        if spec.endOfMonth { throw fail(token(at: index), "cannot follow a day counted from the month's end") }
        guard let sep2 = dateSeparator() else { throw fail(token(at: index), "is not a date separator") }
        if sep2 == 0x7E { spec.endOfMonth = true }
        let third = try parseChain(microseconds: false)
        guard byte(at: index) == 0 || byte(at: index) == 0x20 else {
            throw fail(token(at: index), "is unexpected after the date")
        }
        skipSpaces()
        spec.year = first
        spec.month = second
        spec.day = third
        return false
    }

    private mutating func dateSeparator() -> UInt8? {
        let c = byte(at: index)
        guard c == 0x2D || c == 0x7E else { return nil }
        index += 1
        return c
    }

    /// `@SECONDS`: a single UTC instant (strtoul rules: leading blanks and a sign are accepted).
    private mutating func parseEpoch(into spec: inout CalendarSpec) throws(CalendarError) {
        let begin = index
        index += 1
        while [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(byte(at: index)) { index += 1 }
        var negative = false
        if byte(at: index) == 0x2B || byte(at: index) == 0x2D {
            negative = byte(at: index) == 0x2D
            index += 1
        }
        var value = 0
        var digits = 0
        while let d = digit(at: index) {
            if value > (Int.max - d) / 10 { throw fail(token(at: begin), "is too large") }
            value = value * 10 + d
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw fail(token(at: begin), "is not a number of seconds since the epoch") }
        if negative { value = -value }
        let (days, secOfDay) = Int64(value).floorDivMod(86400)
        let date = CivilDate(daysSinceEpoch: Int(days))
        spec.utc = true
        spec.zone = .utc
        spec.year = [CalendarComponent(start: date.year)]
        spec.month = [CalendarComponent(start: date.month)]
        spec.day = [CalendarComponent(start: date.day)]
        spec.hour = [CalendarComponent(start: Int(secOfDay / 3600))]
        spec.minute = [CalendarComponent(start: Int(secOfDay / 60 % 60))]
        spec.second = [CalendarComponent(start: Int(secOfDay % 60) * 1_000_000)]
    }

    // MARK: - Time

    private mutating func parseTime(into spec: inout CalendarSpec) throws(CalendarError) {
        let zero: CalendarChain = [CalendarComponent(start: 0)]
        guard index < bytes.count else {
            (spec.hour, spec.minute, spec.second) = (zero, zero, zero)
            return
        }
        let hour = try parseChain(microseconds: false)
        guard byte(at: index) == 0x3A else { throw fail(token(at: index), "is not a time (expected H:M[:S])") }
        index += 1
        let minute = try parseChain(microseconds: false)
        var second = zero
        if index < bytes.count {
            guard byte(at: index) == 0x3A else { throw fail(token(at: index), "is unexpected after the minutes") }
            index += 1
            second = try parseChain(microseconds: true) ?? zero
            guard index == bytes.count else { throw fail(token(at: index), "is unexpected after the seconds") }
        }
        (spec.hour, spec.minute, spec.second) = (hour, minute, second)
    }

    // MARK: - Chains

    /// `*` (nil; for seconds, every whole second) or a comma-separated list of components.
    private mutating func parseChain(microseconds: Bool) throws(CalendarError) -> CalendarChain? {
        if byte(at: index) == 0x2A {
            index += 1
            return microseconds ? [CalendarComponent(start: 0, repeatInterval: 1_000_000)] : nil
        }
        var chain: CalendarChain = []
        while true {
            guard chain.count < CalendarParser.maxComponents else {
                throw fail(token(at: index), "makes the list too long")
            }
            let begin = index
            var component = CalendarComponent(start: try parseDecimal(microseconds: microseconds))
            if byte(at: index) == 0x2E && byte(at: index + 1) == 0x2E {
                index += 2
                component.stop = try parseDecimal(microseconds: microseconds)
                component.repeatInterval = microseconds ? 1_000_000 : 1
            }
            if byte(at: index) == 0x2F {
                index += 1
                component.repeatInterval = try parseDecimal(microseconds: microseconds)
                if component.repeatInterval == 0 { throw fail(token(at: begin), "repeats every 0") }
            } else if microseconds && component.stop >= 0 && component.start + 1_000_000 > component.stop {
                // systemd refuses second ranges shorter than its implied one-second step.
                throw fail(componentText(from: begin), "is a range of seconds shorter than one second")
            }
            guard [0, 0x20, 0x2C, 0x2D, 0x7E, 0x3A].contains(byte(at: index)) else {
                throw fail(componentText(from: begin, through: index), "is not a valid value")
            }
            chain.append(component)
            guard byte(at: index) == 0x2C else { return chain }
            index += 1
        }
    }

    /// A decimal number; for seconds, with up to six fractional digits (rounded on the seventh).
    private mutating func parseDecimal(microseconds: Bool) throws(CalendarError) -> Int {
        let begin = index
        guard digit(at: index) != nil else { throw fail(token(at: begin), "is not a number") }
        var value = 0
        while let d = digit(at: index) {
            value = min(value * 10 + d, Int(UInt32.max) * 1_000_000)
            index += 1
        }
        if microseconds {
            value *= 1_000_000
            if byte(at: index) == 0x2E && byte(at: index + 1) != 0x2E {
                index += 1
                guard digit(at: index) != nil else { throw fail(token(at: begin), "has an empty fraction") }
                var fraction = 0
                for _ in 0..<6 {
                    fraction *= 10
                    if let d = digit(at: index) {
                        fraction += d
                        index += 1
                    }
                }
                if let d = digit(at: index), d >= 5 { fraction += 1 }
                while digit(at: index) != nil { index += 1 }
                value += fraction
            }
        }
        guard value <= CalendarParser.intMax else { throw fail(token(at: begin), "is too large") }
        return value
    }

    // MARK: - Helpers

    private func byte(at i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0 }

    private func digit(at i: Int) -> Int? {
        let c = byte(at: i)
        return c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil
    }

    private mutating func skipSpaces() {
        while byte(at: index) == 0x20 { index += 1 }
    }

    /// The word starting at `i`, up to the next space or separator, for error messages.
    private func token(at i: Int) -> String {
        guard i < bytes.count else { return "" }
        var end = i + 1
        while end < bytes.count && ![0x20, 0x2C, 0x3A, 0x2D, 0x7E].contains(bytes[end])
            && !(bytes[end] == 0x2E && end + 1 < bytes.count && bytes[end + 1] == 0x2E)
        {
            end += 1
        }
        return String(decoding: bytes[i..<end], as: UTF8.self)
    }

    /// The component text starting at `begin`: up to `index` and any further non-separator bytes.
    private func componentText(from begin: Int, through end: Int? = nil) -> String {
        var stop = max(end ?? index, begin + 1)
        while stop < bytes.count && ![0x20, 0x2C, 0x3A, 0x2D, 0x7E].contains(bytes[stop]) { stop += 1 }
        return String(decoding: bytes[begin..<min(stop, bytes.count)], as: UTF8.self)
    }

    private func fail(_ offending: String, _ reason: String) -> CalendarError {
        CalendarError(expression: expression, offending: offending, reason: reason)
    }
}
