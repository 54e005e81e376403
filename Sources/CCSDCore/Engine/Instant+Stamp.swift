import CCSDTime

extension Instant {
    /// A compact UTC stamp used inside identities: `2026-03-02T01:00Z`, seconds only when non-zero.
    public var stamp: String {
        let t = ZoneRules.utc.localDateTime(at: self)
        guard (0...9999).contains(t.date.year) else { return Self.spelledStamp(t) }
        // Written byte by byte: every window, reminder and outcome id holds a stamp, and building it from
        // interpolated strings was an eighth of replaying a person's history.
        return String(unsafeUninitializedCapacity: 27) { out in
            var count = 0
            func digits(_ value: Int, _ width: Int) {
                var value = value
                for index in stride(from: count + width - 1, through: count, by: -1) {
                    out[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                count += width
            }
            func byte(_ ascii: Unicode.Scalar) {
                out[count] = UInt8(ascii: ascii)
                count += 1
            }
            digits(t.date.year, 4)
            byte("-")
            digits(t.date.month, 2)
            byte("-")
            digits(t.date.day, 2)
            byte("T")
            digits(t.hour, 2)
            byte(":")
            digits(t.minute, 2)
            if t.second != 0 || t.microsecond != 0 {
                byte(":")
                digits(t.second, 2)
            }
            if t.microsecond != 0 {
                byte(".")
                digits(t.microsecond, 6)
            }
            byte("Z")
            return count
        }
    }

    /// ``stamp`` for years outside 0–9999, which the fast path's fixed widths do not fit.
    static func spelledStamp(_ t: LocalDateTime) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(t.date)T\(two(t.hour)):\(two(t.minute))"
        if t.second != 0 || t.microsecond != 0 { text += ":\(two(t.second))" }
        if t.microsecond != 0 { text += ".\(String(1_000_000 + t.microsecond).dropFirst())" }
        return text + "Z"
    }
}

extension Instant {
    /// Parses a `stamp` (`2026-03-02T01:00Z`, `…:30Z`, `…:30.5Z`).
    public init?(stamp text: String) {
        guard text.hasSuffix("Z"), text.count >= 17, let date = CivilDate.parse(String(text.prefix(10))) else {
            return nil
        }
        let time = text.dropFirst(11).dropLast().split(separator: ":")
        guard time.count == 2 || time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]) else { return nil }
        var second = 0
        var micros = 0
        if time.count == 3 {
            let parts = time[2].split(separator: ".")
            guard let s = Int(parts[0]) else { return nil }
            second = s
            if parts.count == 2 {
                let digits = String(parts[1].prefix(6))
                guard let fraction = Int(digits) else { return nil }
                micros = fraction * [1, 100_000, 10_000, 1000, 100, 10, 1][digits.count]
            }
        }
        let local = LocalDateTime(date: date, hour: hour, minute: minute, second: second, microsecond: micros)
        self = Instant(microseconds: local.wallMicroseconds)
    }
}
