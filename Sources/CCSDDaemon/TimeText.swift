import CCSDTime

/// Times on the wire: RFC 3339 with an offset.
enum TimeText {
    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `2026-12-01T08:30:00+08:00` in `zone` (microseconds when non-zero).
    static func format(_ instant: Instant, _ zone: ZoneRules) -> String {
        let t = zone.localDateTime(at: instant)
        let offset = zone.offset(at: instant)
        var text = "\(t.date)T\(two(t.hour)):\(two(t.minute)):\(two(t.second))"
        if t.microsecond != 0 { text += ".\(String(1_000_000 + t.microsecond).dropFirst())" }
        if offset == 0 && zone.identifier == "UTC" { return text + "Z" }
        let minutes = abs(offset) / 60
        return text + (offset < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60)
    }

    /// Parses RFC 3339 (`2026-12-01T08:30:00+08:00`, `…Z`, fractional seconds); a time without an offset is
    /// refused, since the wire must be unambiguous.
    static func parse(_ text: String) -> Instant? {
        let chars = Array(text.utf8)
        guard chars.count >= 20, let date = CivilDate.parse(String(decoding: chars[0..<10], as: UTF8.self)),
            chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") || chars[10] == UInt8(ascii: " ")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            return Int(String(decoding: chars[range], as: UTF8.self))
        }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var micros = 0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < chars.count, (48...57).contains(chars[index]) {
                if digits < 6 { micros = micros * 10 + Int(chars[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        guard index < chars.count else { return nil }
        var offset = 0
        if chars[index] == UInt8(ascii: "Z") || chars[index] == UInt8(ascii: "z") {
            guard index + 1 == chars.count else { return nil }
        } else {
            guard chars.count == index + 6, chars[index + 3] == UInt8(ascii: ":"),
                let h = number(index + 1..<index + 3), let m = number(index + 4..<index + 6), h < 24, m < 60
            else { return nil }
            let sign = chars[index] == UInt8(ascii: "-") ? -1 : 1
            guard chars[index] == UInt8(ascii: "+") || sign == -1 else { return nil }
            offset = sign * (h * 3600 + m * 60)
        }
        let local = LocalDateTime(date: date, hour: hour, minute: minute, second: min(second, 59), microsecond: micros)
        return Instant(microseconds: local.wallMicroseconds - Int64(offset) * 1_000_000)
    }
}
